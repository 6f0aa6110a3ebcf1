using System.Text.RegularExpressions;

namespace AutoFoh.Web.Tests;

/// <summary>One field of a TypeScript interface: <c>name?: type</c>.</summary>
public sealed record TsField(string Name, bool Optional, string Type)
{
    /// <summary>The string literals of the type (<c>"up" | "down"</c> gives up, down); empty when it has none.</summary>
    public IReadOnlyList<string> StringLiterals => [.. Regex.Matches(Type, "\"([^\"]*)\"").Select(m => m.Groups[1].Value)];

    /// <summary>The type is exactly one string literal (a message's <c>type: "mix"</c>).</summary>
    public string? Constant => Regex.Match(Type.Trim(), "^\"([^\"]*)\"$") is { Success: true } m ? m.Groups[1].Value : null;
}

/// <summary>
/// A small reader of the interfaces a .ts file declares (<c>[export] interface X { a: T; b?: U }</c>, members split
/// at <c>;</c>, <c>,</c> or line ends outside brackets and quotes); enough for the front end's message declarations.
/// </summary>
public static partial class TypeScriptInterfaces
{
    public static IReadOnlyDictionary<string, IReadOnlyList<TsField>> Parse(string source)
    {
        source = Comments().Replace(source, "");
        var aliases = Alias().Matches(source).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());
        var interfaces = new Dictionary<string, IReadOnlyList<TsField>>();
        foreach (Match header in Header().Matches(source))
        {
            int open = header.Index + header.Length - 1, close = Closing(source, open);
            interfaces[header.Groups[1].Value] = Fields(source[(open + 1)..close])
                .Select(f => f with { Type = Resolve(f.Type, aliases) }).ToList();
        }
        return interfaces;
    }

    /// <summary>A field's type with the file's type aliases (<c>type AdviceFlag = "ok" | "recheck"</c>) written out.</summary>
    private static string Resolve(string type, Dictionary<string, string> aliases)
    {
        for (int pass = 0; pass < 4; pass++)
        {
            string resolved = Identifier().Replace(type, m => aliases.TryGetValue(m.Value, out var definition) ? $"({definition})" : m.Value);
            if (resolved == type) break;
            type = resolved;
        }
        return type;
    }

    /// <summary>Every interface name the file declares (to find one declared in two files).</summary>
    public static IEnumerable<string> Names(string source) => Header().Matches(Comments().Replace(source, "")).Select(m => m.Groups[1].Value);

    private static List<TsField> Fields(string body)
    {
        var fields = new List<TsField>();
        foreach (string member in Members(body))
        {
            var m = Member().Match(member);
            if (!m.Success) continue;   // a method (stop(): void) or an index signature: not a message field
            fields.Add(new TsField(m.Groups[1].Value, m.Groups[2].Success, m.Groups[3].Value.Trim()));
        }
        return fields;
    }

    private static IEnumerable<string> Members(string body)
    {
        int depth = 0, start = 0;
        char quote = '\0';
        for (int i = 0; i < body.Length; i++)
        {
            char c = body[i];
            if (quote != '\0') { if (c == quote) quote = '\0'; continue; }
            switch (c)
            {
                case '"' or '\'' or '`': quote = c; break;
                case '{' or '(' or '[' or '<': depth++; break;
                case '}' or ')' or ']': depth--; break;
                case '>' when i == 0 || body[i - 1] != '=': depth--; break;
                case ';' or ',' or '\n' when depth == 0:
                    if (body[start..i].Trim() is { Length: > 0 } member) yield return member;
                    start = i + 1;
                    break;
            }
        }
        if (body[start..].Trim() is { Length: > 0 } last) yield return last;
    }

    private static int Closing(string source, int open)
    {
        int depth = 0;
        for (int i = open; i < source.Length; i++)
        {
            if (source[i] == '{') depth++;
            else if (source[i] == '}' && --depth == 0) return i;
        }
        throw new FormatException($"interface at {open}: no closing brace");
    }

    [GeneratedRegex(@"(?:^|\n)\s*(?:export\s+)?interface\s+([A-Za-z_$][\w$]*)\s*(?:extends\s+[^{]+)?\{")]
    private static partial Regex Header();

    [GeneratedRegex(@"^(?:readonly\s+)?([A-Za-z_$][\w$]*)(\?)?\s*:\s*([\s\S]+)$")]
    private static partial Regex Member();

    [GeneratedRegex(@"(?:^|\n)\s*(?:export\s+)?type\s+([A-Za-z_$][\w$]*)\s*=\s*([^;]+);")]
    private static partial Regex Alias();

    [GeneratedRegex(@"(?<![""\w$])[A-Za-z_$][\w$]*(?![""\w$])")]
    private static partial Regex Identifier();

    [GeneratedRegex(@"/\*[\s\S]*?\*/|//[^\n]*")]
    private static partial Regex Comments();
}
