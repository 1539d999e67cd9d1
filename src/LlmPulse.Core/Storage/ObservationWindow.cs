namespace LlmPulse.Storage;

/// <summary>
/// Which observations of one series to read: those whose period ends from <see cref="From"/> to <see cref="To"/>,
/// both included, either open (see <see cref="MetricStore.GetObservationsAsync(IReadOnlyCollection{ObservationWindow}, CancellationToken)"/>).
/// </summary>
public sealed record ObservationWindow(string SeriesId, DateOnly? From, DateOnly? To);
