using System.Text;

namespace LlmPulse.Delivery.Tests;

public sealed class WebhookSignatureTests
{
    // The example of the Standard Webhooks specification and its reference libraries.
    private const string SpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string SpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const string SpecTimestamp = "1614265330";
    private const string SpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";
    private static readonly byte[] SpecBody = Encoding.UTF8.GetBytes("{\"test\": 2432232314}");
    private static readonly DateTimeOffset SpecTime = DateTimeOffset.FromUnixTimeSeconds(1614265330);

    [Fact]
    public void The_signature_is_the_standard_webhooks_example_so_its_libraries_verify_ours()
    {
        Assert.Equal(SpecSignature, WebhookSignature.Sign(SpecId, SpecTimestamp, SpecBody, [SpecSecret]));
        Assert.Equal(SpecTimestamp, WebhookSignature.Timestamp(SpecTime.AddMilliseconds(999)));
        Assert.True(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, SpecSignature, [SpecSecret], SpecTime));
    }

    [Fact]
    public void Two_secrets_give_two_signatures_and_a_receiver_with_either_secret_accepts()
    {
        var header = WebhookSignature.Sign(SpecId, SpecTimestamp, SpecBody, ["new-secret", SpecSecret]);

        Assert.Equal(2, header.Split(' ').Length);
        Assert.EndsWith(" " + SpecSignature, header, StringComparison.Ordinal);
        Assert.True(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, header, ["new-secret"], SpecTime));
        Assert.True(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, header, [SpecSecret], SpecTime));
        Assert.False(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, header, ["a-third-secret"], SpecTime));
    }

    [Theory]
    [InlineData("")]
    [InlineData("v1,")]
    [InlineData("v1,zz")]
    [InlineData("v2,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("v1,h0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")]
    [InlineData("sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")]
    public void Anything_else_fails_verification(string header)
    {
        Assert.False(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, header, [SpecSecret], SpecTime));
    }

    [Theory]
    [InlineData(-301)]
    [InlineData(301)]
    public void A_timestamp_more_than_five_minutes_away_fails_so_a_replay_is_refused(int seconds)
    {
        Assert.False(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, SpecSignature, [SpecSecret], SpecTime.AddSeconds(seconds)));
        Assert.True(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, SpecSignature, [SpecSecret], SpecTime.AddSeconds(seconds > 0 ? 299 : -299)));
        Assert.False(WebhookSignature.Verify(SpecId, "not-a-number", SpecBody, SpecSignature, [SpecSecret], SpecTime));
        Assert.False(WebhookSignature.Verify(SpecId, "99999999999999999999", SpecBody, SpecSignature, [SpecSecret], SpecTime));
    }

    [Fact]
    public void An_empty_or_malformed_secret_never_verifies_and_cannot_sign()
    {
        Assert.False(WebhookSignature.Verify(SpecId, SpecTimestamp, SpecBody, SpecSignature, [""], SpecTime));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign(SpecId, SpecTimestamp, SpecBody, [""]));
        Assert.Throws<ArgumentException>(() => WebhookSignature.Sign(SpecId, SpecTimestamp, SpecBody, []));
        Assert.False(WebhookSignature.IsUsableSecret("whsec_not base64!"));
        Assert.True(WebhookSignature.IsUsableSecret("any-other-text"));
    }
}
