using System.Text;

namespace LlmPulse.Infra.Tests.Scanning;

/// <summary>
/// Just enough C# lexing for <see cref="ConfigurationKeyScanner"/>: comments blanked out (so commented-out code
/// and XML docs never count), string literals kept and readable, expressions cut at their end.
/// </summary>
internal static class CSharpText
{
    /// <summary>
    /// The text with every comment replaced by spaces, line breaks kept, so indexes and line numbers still match the
    /// file. Understands regular, verbatim, interpolated and raw string literals and character literals.
    /// </summary>
    public static string WithoutComments(string text)
    {
        var result = new StringBuilder(text);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '/' && At(text, i + 1) == '/')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    result[i++] = ' ';
                }
            }
            else if (c == '/' && At(text, i + 1) == '*')
            {
                var end = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                end = end < 0 ? text.Length : end + 2;
                for (; i < end; i++)
                {
                    if (text[i] != '\n')
                    {
                        result[i] = ' ';
                    }
                }
            }
            else if (c == '"' || c == '\'' || c == '@' || c == '$')
            {
                i = SkipLiteral(text, i);
            }
            else
            {
                i++;
            }
        }

        return result.ToString();
    }

    /// <summary>
    /// The index just past the literal starting at <paramref name="start"/> (a quote, or an @/$ prefix), or
    /// <paramref name="start"/> + 1 when no literal starts there.
    /// </summary>
    public static int SkipLiteral(string text, int start)
    {
        var i = start;
        var verbatim = false;
        while (i < text.Length && (text[i] == '@' || text[i] == '$'))
        {
            verbatim |= text[i] == '@';
            i++;
        }

        if (i >= text.Length || (text[i] != '"' && text[i] != '\''))
        {
            return start + 1;
        }

        if (text[i] == '\'')
        {
            i++;
            while (i < text.Length && text[i] != '\'')
            {
                i += text[i] == '\\' ? 2 : 1;
            }

            return Math.Min(i + 1, text.Length);
        }

        var quotes = 0;
        while (At(text, i + quotes) == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            var closing = new string('"', quotes);
            var end = text.IndexOf(closing, i + quotes, StringComparison.Ordinal);
            return end < 0 ? text.Length : end + quotes;
        }

        i++;
        while (i < text.Length)
        {
            if (verbatim && text[i] == '"' && At(text, i + 1) == '"')
            {
                i += 2;
            }
            else if (!verbatim && text[i] == '\\')
            {
                i += 2;
            }
            else if (text[i] == '"')
            {
                return i + 1;
            }
            else
            {
                i++;
            }
        }

        return text.Length;
    }

    /// <summary>
    /// The expression starting at <paramref name="start"/>, up to the first ',', ';', ')', ']' or '}' that is
    /// outside brackets and string literals (exclusive), trimmed.
    /// </summary>
    public static string ReadExpression(string text, int start)
    {
        var depth = 0;
        var i = start;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '"' or '\'' or '@' or '$')
            {
                i = SkipLiteral(text, i);
                continue;
            }

            if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}' or ',' or ';')
            {
                if (depth == 0)
                {
                    break;
                }

                if (c is ')' or ']' or '}')
                {
                    depth--;
                }
            }

            i++;
        }

        return text[start..i].Trim();
    }

    /// <summary>
    /// The parts of a '+' concatenation, split outside literals and brackets: <c>"%" + Name + "%"</c> gives three.
    /// </summary>
    public static IReadOnlyList<string> SplitConcatenation(string expression)
    {
        var parts = new List<string>();
        var depth = 0;
        var from = 0;
        var i = 0;
        while (i < expression.Length)
        {
            var c = expression[i];
            if (c is '"' or '\'' or '@' or '$')
            {
                i = SkipLiteral(expression, i);
                continue;
            }

            if (c is '(' or '[')
            {
                depth++;
            }
            else if (c is ')' or ']')
            {
                depth--;
            }
            else if (c == '+' && depth == 0)
            {
                parts.Add(expression[from..i].Trim());
                from = i + 1;
            }

            i++;
        }

        parts.Add(expression[from..].Trim());
        return parts;
    }

    /// <summary>The value of a plain or verbatim string literal (no interpolation), or null.</summary>
    public static string? StringLiteralValue(string token)
    {
        if (token.Length >= 3 && token[0] == '@' && token[1] == '"' && token[^1] == '"')
        {
            return token[2..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
        }

        if (token.Length >= 2 && token[0] == '"' && token[^1] == '"' && SkipLiteral(token, 0) == token.Length)
        {
            var body = token[1..^1];
            var value = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] == '\\' && i + 5 < body.Length && body[i + 1] == 'u'
                    && int.TryParse(body.AsSpan(i + 2, 4), System.Globalization.NumberStyles.HexNumber, null, out var code))
                {
                    value.Append((char)code);
                    i += 5;
                }
                else if (body[i] == '\\' && i + 1 < body.Length)
                {
                    i++;
                    value.Append(body[i] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', '0' => '\0', var other => other });
                }
                else
                {
                    value.Append(body[i]);
                }
            }

            return value.ToString();
        }

        return null;
    }

    /// <summary>1-based line number of <paramref name="index"/>.</summary>
    public static int LineOf(string text, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < text.Length; i++)
        {
            if (text[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    private static char At(string text, int index) => index < text.Length ? text[index] : '\0';
}
