using System.Text.RegularExpressions;

namespace LlmPulse.Infra.Tests.Scanning;

/// <summary>A C# source file to scan.</summary>
internal sealed record SourceFile(string Path, string Text);

/// <summary>How the code reads a setting.</summary>
internal enum ReadKind
{
    /// <summary>A <c>%NAME%</c> binding expression, resolved by the Functions host from the app settings.</summary>
    Binding,

    /// <summary><c>configuration["NAME"]</c>, <c>GetSection</c>, <c>GetValue&lt;T&gt;</c>, a section's keys or value.</summary>
    Configuration,

    /// <summary>A property of an options class bound from a section: <c>Section__Property</c>.</summary>
    Options,

    /// <summary><c>Environment.GetEnvironmentVariable("NAME")</c>.</summary>
    Environment,
}

/// <summary>One setting read by the code, with the app-setting spelling of its key (<c>Section__Key</c>).</summary>
internal sealed record SettingRead(string Key, ReadKind Kind, string File, int Line)
{
    public override string ToString() => $"{Key} ({Kind}, {File}:{Line})";
}

/// <summary>A configuration read whose key the scanner cannot work out: the check fails rather than guess.</summary>
internal sealed record ScanProblem(string File, int Line, string Code)
{
    public override string ToString() =>
        $"{File}:{Line}: cannot tell which setting `{Code}` reads; use a string literal or a `const string` (of this or another class) as the key";
}

internal sealed record ScanResult(IReadOnlyList<SettingRead> Reads, IReadOnlyList<ScanProblem> Problems, IReadOnlyDictionary<string, string> Constants);

/// <summary>
/// Finds the app settings that C# source reads, by pattern, without compiling it. Rules, all on comment-free text:
/// <list type="bullet">
/// <item><c>const string</c> fields are evaluated (literals, other constants, '+' concatenation, nameof) and
/// referred to as <c>Name</c> or <c>Type.Name</c>.</item>
/// <item>A literal or constant whose whole value is <c>%NAME%</c>, or <c>"%" + X + "%"</c>, is a binding read.</item>
/// <item><c>…configuration[KEY]</c> / <c>…config[KEY]</c>, <c>.GetValue&lt;T&gt;(KEY</c>, <c>.GetConnectionString(KEY)</c>
/// (as <c>ConnectionStrings__KEY</c>) and <c>Environment.GetEnvironmentVariable(KEY)</c> read KEY.</item>
/// <item><c>var s = x.GetSection(KEY)</c> makes <c>s</c> a section: <c>s["k"]</c> reads <c>KEY__k</c>, <c>s.Value</c>
/// reads KEY.</item>
/// <item><c>GetSection(KEY)</c> inside <c>AddOptions&lt;T&gt;()…Bind(…)</c> or <c>Configure&lt;T&gt;(…)</c>, or with KEY
/// written as <c>T.Member</c> of a class T with settable properties, reads <c>KEY__P</c> for each public settable
/// property P of T; <c>AddOptions&lt;T&gt;().BindConfiguration(KEY)</c> likewise. A property whose type is itself such a
/// class reads <c>KEY__P__Q</c> for its properties Q; a list or array of T reads <c>KEY__P__&lt;n&gt;__Q</c> and a
/// dictionary keyed by string <c>KEY__P__&lt;key&gt;__Q</c> (<c>&lt;n&gt;</c> and <c>&lt;key&gt;</c> stand for any index or key).</item>
/// <item>Any other <c>GetSection(KEY)</c> reads KEY itself.</item>
/// </list>
/// A KEY that is neither a literal nor a known constant is reported as a <see cref="ScanProblem"/>, so a read the
/// scanner does not understand fails the check instead of slipping through.
/// </summary>
internal static partial class ConfigurationKeyScanner
{
    public static ScanResult Scan(IReadOnlyList<SourceFile> files)
    {
        var sources = files.Select(f => new Source(f.Path, CSharpText.WithoutComments(f.Text))).ToArray();
        var constants = CollectConstants(sources);
        var optionTypes = CollectSettableProperties(sources);
        var reads = new List<SettingRead>();
        var problems = new List<ScanProblem>();

        foreach (var source in sources)
        {
            var context = new FileContext(source, constants, optionTypes, reads, problems);
            context.FindBindingExpressions();
            context.FindSectionVariables();
            context.FindIndexers();
            context.FindMethodReads();
        }

        var distinct = reads
            .GroupBy(r => (Key: r.Key.ToUpperInvariant(), r.Kind, r.File, r.Line))
            .Select(g => g.First())
            .ToArray();
        return new ScanResult(distinct, problems, constants.Values);
    }

    /// <summary>The configuration key as an app setting name: ':' becomes '__'.</summary>
    public static string AppSettingName(string key) => key.Replace(":", "__", StringComparison.Ordinal);

    private static Constants CollectConstants(IReadOnlyList<Source> sources)
    {
        var pending = new List<(string Type, string Name, string Expression)>();
        foreach (var source in sources)
        {
            foreach (Match match in ConstDeclaration().Matches(source.Text))
            {
                var expression = CSharpText.ReadExpression(source.Text, match.Index + match.Length);
                pending.Add((source.EnclosingType(match.Index), match.Groups["name"].Value, expression));
            }
        }

        var constants = new Constants(pending.Select(p => (p.Type, p.Name)));
        // Constants may refer to constants declared later or in other files: evaluate until nothing changes.
        bool progress;
        do
        {
            progress = false;
            foreach (var (type, name, expression) in pending.ToArray())
            {
                if (constants.Evaluate(expression, type) is { } value)
                {
                    constants.Add(type, name, value);
                    pending.Remove((type, name, expression));
                    progress = true;
                }
            }
        }
        while (progress && pending.Count > 0);

        return constants;
    }

    private static Dictionary<string, IReadOnlyList<(string Name, string Type)>> CollectSettableProperties(IReadOnlyList<Source> sources)
    {
        var result = new Dictionary<string, IReadOnlyList<(string Name, string Type)>>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (Match match in TypeDeclaration().Matches(source.Text))
            {
                var open = source.Text.IndexOf('{', match.Index + match.Length);
                var semicolon = source.Text.IndexOf(';', match.Index + match.Length);
                if (open < 0 || (semicolon >= 0 && semicolon < open))
                {
                    continue; // a positional record without a body
                }

                var body = source.Text[open..BodyEnd(source.Text, open)];
                var properties = SettableProperty().Matches(body)
                    .Select(m => (m.Groups["name"].Value, Regex.Replace(m.Groups["type"].Value, @"\s+", "")))
                    .ToArray();
                if (properties.Length > 0)
                {
                    result[match.Groups["name"].Value] = properties;
                }
            }
        }

        return result;
    }

    private static int BodyEnd(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            if (text[i] is '"' or '\'' or '@' or '$')
            {
                i = CSharpText.SkipLiteral(text, i) - 1;
            }
            else if (text[i] == '{')
            {
                depth++;
            }
            else if (text[i] == '}' && --depth == 0)
            {
                return i + 1;
            }
        }

        return text.Length;
    }

    private sealed record Source(string Path, string Text)
    {
        private readonly (int Index, string Name)[] _types =
            TypeDeclaration().Matches(Text).Select(m => (m.Index, m.Groups["name"].Value)).ToArray();

        public string EnclosingType(int index) => _types.LastOrDefault(t => t.Index < index).Name ?? "";

        public int Line(int index) => CSharpText.LineOf(Text, index);
    }

    private sealed class Constants
    {
        private readonly Dictionary<string, string> _qualified = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> _simple = new(StringComparer.Ordinal);

        /// <summary>Every constant declared, as <c>Type.Name</c>, evaluated yet or not.</summary>
        private readonly HashSet<string> _declared;

        public Constants(IEnumerable<(string Type, string Name)> declarations) =>
            _declared = declarations.Select(d => $"{d.Type}.{d.Name}").ToHashSet(StringComparer.Ordinal);

        /// <summary>Every constant by <c>Type.Name</c>.</summary>
        public IReadOnlyDictionary<string, string> Values => _qualified;

        public void Add(string type, string name, string value)
        {
            _qualified[$"{type}.{name}"] = value;
            if (!_simple.TryGetValue(name, out var values))
            {
                _simple[name] = values = [];
            }

            values.Add(value);
        }

        /// <summary>The value of a constant expression seen from inside <paramref name="type"/>, or null.</summary>
        public string? Evaluate(string expression, string type)
        {
            var parts = CSharpText.SplitConcatenation(Unparenthesize(expression));
            var value = "";
            foreach (var part in parts)
            {
                if (Part(part, type) is not { } partValue)
                {
                    return null;
                }

                value += partValue;
            }

            return value;
        }

        private string? Part(string part, string type)
        {
            part = Unparenthesize(part);
            if (CSharpText.StringLiteralValue(part) is { } literal)
            {
                return literal;
            }

            if (NameOf().Match(part) is { Success: true } nameOf)
            {
                return nameOf.Groups["name"].Value;
            }

            if (!QualifiedName().IsMatch(part))
            {
                return null;
            }

            var segments = part.Split('.');
            var name = segments[^1];
            var target = segments.Length >= 2 ? $"{segments[^2]}.{name}" : $"{type}.{name}";
            if (_qualified.TryGetValue(target, out var known))
            {
                return known;
            }

            if (_declared.Contains(target))
            {
                // Declared but not evaluated yet (it comes later in the file order): wait for it rather than take
                // another type's constant of the same name.
                return null;
            }

            // A simple name from another type (a using static, a nested type): only when it is unambiguous.
            return _simple.TryGetValue(name, out var values) && values.Distinct(StringComparer.Ordinal).Count() == 1 ? values[0] : null;
        }

        private static string Unparenthesize(string expression)
        {
            expression = expression.Trim();
            while (expression.Length >= 2 && expression[0] == '(' && expression[^1] == ')')
            {
                expression = expression[1..^1].Trim();
            }

            return expression;
        }
    }

    private sealed class FileContext(
        Source source,
        Constants constants,
        IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Type)>> optionTypes,
        List<SettingRead> reads,
        List<ScanProblem> problems)
    {
        private readonly Dictionary<string, string> _sections = new(StringComparer.Ordinal);

        private string Text => source.Text;

        public void FindBindingExpressions()
        {
            foreach (Match match in BindingLiteral().Matches(Text))
            {
                AddRead(match.Groups["name"].Value, ReadKind.Binding, match.Index);
            }

            foreach (Match match in BindingConcatenation().Matches(Text))
            {
                var expression = match.Groups["expression"].Value;
                if (constants.Evaluate(expression, source.EnclosingType(match.Index)) is { } value
                    && BindingValue().Match(value) is { Success: true } binding)
                {
                    AddRead(binding.Groups["name"].Value, ReadKind.Binding, match.Index);
                }
                else
                {
                    problems.Add(new ScanProblem(Repository.Relative(source.Path), source.Line(match.Index), expression));
                }
            }
        }

        public void FindSectionVariables()
        {
            foreach (Match match in SectionAssignment().Matches(Text))
            {
                var argumentStart = match.Index + match.Length;
                var argument = CSharpText.ReadExpression(Text, argumentStart);
                if (Key(argument, match.Index) is { } key)
                {
                    var receiver = match.Groups["receiver"].Value;
                    _sections[match.Groups["variable"].Value] = Prefixed(receiver, key);
                }
            }

            foreach (var (variable, section) in _sections)
            {
                foreach (Match match in Regex.Matches(Text, $@"\b{Regex.Escape(variable)}\s*\.\s*Value\b"))
                {
                    AddRead(section, ReadKind.Configuration, match.Index);
                }
            }
        }

        public void FindIndexers()
        {
            foreach (Match match in Indexer().Matches(Text))
            {
                var receiver = match.Groups["receiver"].Value;
                var isSection = _sections.ContainsKey(receiver);
                if (!isSection && !ConfigurationName().IsMatch(receiver))
                {
                    continue;
                }

                var argument = CSharpText.ReadExpression(Text, match.Index + match.Length);
                if (Key(argument, match.Index) is { } key)
                {
                    AddRead(Prefixed(receiver, key), ReadKind.Configuration, match.Index);
                }
            }
        }

        public void FindMethodReads()
        {
            foreach (Match match in MethodCall().Matches(Text))
            {
                var method = match.Groups["method"].Value;
                var receiver = match.Groups["receiver"].Value;
                var argument = CSharpText.ReadExpression(Text, match.Index + match.Length);
                if (Key(argument, match.Index) is not { } key)
                {
                    continue;
                }

                if (method.StartsWith("GetValue", StringComparison.Ordinal))
                {
                    AddRead(Prefixed(receiver, key), ReadKind.Configuration, match.Index);
                }
                else if (method == "GetConnectionString")
                {
                    AddRead($"ConnectionStrings:{key}", ReadKind.Configuration, match.Index);
                }
                else if (method == "GetEnvironmentVariable")
                {
                    if (receiver == "Environment")
                    {
                        AddRead(key, ReadKind.Environment, match.Index);
                    }
                }
                else if (method == "BindConfiguration")
                {
                    AddOptions(OptionsTypeOfStatement(match.Index), null, key, match.Index);
                }
                else if (!IsSectionAssignment(match.Index))
                {
                    // GetSection / GetRequiredSection used in place: options binding, or the section itself.
                    AddOptions(OptionsTypeOfStatement(match.Index), argument, Prefixed(receiver, key), match.Index);
                }
            }
        }

        private void AddOptions(string? declaredType, string? argument, string section, int index)
        {
            var type = declaredType;
            if (type is null && argument is not null && QualifiedName().IsMatch(argument) && argument.Contains('.', StringComparison.Ordinal))
            {
                type = argument.Split('.')[^2];
            }

            if (type is not null && optionTypes.ContainsKey(type))
            {
                AddOptionsProperties(type, section, index, depth: 0);
            }
            else
            {
                AddRead(section, ReadKind.Configuration, index);
            }
        }

        /// <summary>The leaf keys of options class <paramref name="type"/> bound at <paramref name="prefix"/>.</summary>
        private void AddOptionsProperties(string type, string prefix, int index, int depth)
        {
            foreach (var (name, propertyType) in optionTypes[type])
            {
                var key = $"{prefix}:{name}";
                var element = propertyType.TrimEnd('?');
                if (Collection().Match(element) is { Success: true } collection)
                {
                    key += collection.Groups["dictionary"].Success ? ":<key>" : ":<n>";
                    element = collection.Groups["item"].Value.TrimEnd('?');
                }

                element = element.Split('.')[^1];
                if (depth < 5 && optionTypes.ContainsKey(element))
                {
                    AddOptionsProperties(element, key, index, depth + 1);
                }
                else
                {
                    AddRead(key, ReadKind.Options, index);
                }
            }
        }

        /// <summary>T of <c>AddOptions&lt;T&gt;()</c> or <c>Configure&lt;T&gt;(</c> earlier in the same statement.</summary>
        private string? OptionsTypeOfStatement(int index)
        {
            var statement = Text[StatementStart(index)..index];
            var match = OptionsRegistration().Matches(statement).LastOrDefault();
            return match?.Groups["type"].Value.Split('.')[^1];
        }

        private bool IsSectionAssignment(int index) =>
            SectionAssignmentPrefix().IsMatch(Text[StatementStart(index)..index]);

        private int StatementStart(int index)
        {
            var start = Text.LastIndexOfAny([';', '{', '}'], Math.Max(0, index - 1));
            return start + 1;
        }

        private string? Key(string argument, int index)
        {
            var key = constants.Evaluate(argument, source.EnclosingType(index));
            if (key is null)
            {
                problems.Add(new ScanProblem(Repository.Relative(source.Path), source.Line(index), argument));
            }

            return key;
        }

        private string Prefixed(string receiver, string key) =>
            _sections.TryGetValue(receiver, out var section) ? $"{section}:{key}" : key;

        private void AddRead(string key, ReadKind kind, int index) =>
            reads.Add(new SettingRead(AppSettingName(key), kind, Repository.Relative(source.Path), source.Line(index)));
    }

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=")]
    private static partial Regex ConstDeclaration();

    [GeneratedRegex(@"\b(?:class|record|struct|interface)\s+(?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bpublic\s+(?:required\s+)?(?!static\b|const\b)(?<type>[\w<>\[\]?,.\s]+?)\s+(?<name>\w+)\s*\{\s*get;\s*(?:set|init);")]
    private static partial Regex SettableProperty();

    [GeneratedRegex(@"^(?:(?:List|IList|IReadOnlyList|ICollection|IReadOnlyCollection|IEnumerable|Collection|HashSet|ISet)<(?<item>[\w.?]+)>|(?<item>[\w.?]+)\[\]|(?<dictionary>(?:Dictionary|IDictionary|IReadOnlyDictionary)<string,)(?<item>[\w.?]+)>)$")]
    private static partial Regex Collection();

    [GeneratedRegex(@"^nameof\((?:[\w.]+\.)?(?<name>\w+)\)$")]
    private static partial Regex NameOf();

    [GeneratedRegex(@"^@?[A-Za-z_]\w*(?:\.@?[A-Za-z_]\w*)*$")]
    private static partial Regex QualifiedName();

    [GeneratedRegex(@"""%(?<name>[A-Za-z0-9_:.\-]+)%""")]
    private static partial Regex BindingLiteral();

    [GeneratedRegex(@"(?<expression>""%""\s*\+\s*[\w.]+\s*\+\s*""%"")")]
    private static partial Regex BindingConcatenation();

    [GeneratedRegex(@"^%(?<name>[A-Za-z0-9_:.\-]+)%$")]
    private static partial Regex BindingValue();

    [GeneratedRegex(@"(?:\bvar|\bIConfigurationSection|\bIConfiguration)\s+(?<variable>\w+)\s*=\s*(?:[\w.]+\.)?(?<receiver>\w+)\s*\.\s*Get(?:Required)?Section\s*\(")]
    private static partial Regex SectionAssignment();

    [GeneratedRegex(@"(?:\bvar|\bIConfigurationSection|\bIConfiguration)\s+\w+\s*=\s*[\w.\s]*$")]
    private static partial Regex SectionAssignmentPrefix();

    [GeneratedRegex(@"(?<receiver>\w+)\s*\[")]
    private static partial Regex Indexer();

    [GeneratedRegex(@"^\w*(?:[Cc]onfiguration|[Cc]onfig)$")]
    private static partial Regex ConfigurationName();

    [GeneratedRegex(@"(?<receiver>\w+)\s*\.\s*(?<method>GetSection|GetRequiredSection|GetConnectionString|GetValue\s*<[^<>()]+>|GetEnvironmentVariable|BindConfiguration)\s*\(")]
    private static partial Regex MethodCall();

    [GeneratedRegex(@"\b(?:AddOptions|Configure)\s*<\s*(?<type>[\w.]+)\s*>")]
    private static partial Regex OptionsRegistration();
}
