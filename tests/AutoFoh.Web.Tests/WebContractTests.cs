using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using AutoFoh.Audio.Serialization;

namespace AutoFoh.Web.Tests;

/// <summary>
/// The C# messages and the TypeScript interfaces that read them agree: the same field names (as
/// <see cref="SnakeCaseJson"/> writes them), the same optional fields, enums as the string literals the TypeScript
/// expects, the same constant <c>type</c>; and no interface is declared in two .ts files.
/// </summary>
public sealed class WebContractTests
{
    private static readonly string Sources = Path.Combine(RepositoryPaths.Root, "web", "src");

    public static TheoryData<string> Contracts => [.. MessageContracts.All.Select(c => c.ToString())];

    private static MessageContract Contract(string name) => MessageContracts.All.Single(c => c.ToString() == name);

    private static IReadOnlyList<TsField> Interface(MessageContract contract)
    {
        string file = Path.Combine(Sources, contract.File);
        Assert.True(File.Exists(file), $"{file}: not found");
        var interfaces = TypeScriptInterfaces.Parse(File.ReadAllText(file));
        Assert.True(interfaces.TryGetValue(contract.Interface, out var fields),
            $"{contract.File} declares no interface {contract.Interface} ({string.Join(", ", interfaces.Keys)})");
        return fields!;
    }

    private static IList<JsonPropertyInfo> Properties(Type type) => SnakeCaseJson.Line.GetTypeInfo(type).Properties;

    [Theory]
    [MemberData(nameof(Contracts))]
    public void The_record_and_the_interface_have_the_same_fields(string name)
    {
        var contract = Contract(name);
        var ts = Interface(contract).Select(f => f.Name).Order().ToList();
        var cs = Properties(contract.Record).Select(p => p.Name).Order().ToList();
        Assert.True(ts.SequenceEqual(cs),
            $"{contract}: only in C#: [{string.Join(", ", cs.Except(ts))}]; only in TypeScript: [{string.Join(", ", ts.Except(cs))}]");
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void A_field_the_server_may_leave_out_is_optional_in_the_interface(string name)
    {
        var contract = Contract(name);
        var ts = Interface(contract).ToDictionary(f => f.Name);
        foreach (var property in Properties(contract.Record))
        {
            if (!ts.TryGetValue(property.Name, out var field)) continue;   // reported by the field test
            var ignore = (property.AttributeProvider as MemberInfo)?.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition;
            bool omitted = ignore is JsonIgnoreCondition.WhenWritingNull or JsonIgnoreCondition.WhenWritingDefault;
            Assert.True(omitted == field.Optional,
                $"{contract}: {property.Name} is {(omitted ? "left out when empty" : "always sent")} but {(field.Optional ? "optional" : "required")} in TypeScript");
        }
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void Enums_are_the_string_literals_the_interface_expects(string name)
    {
        var contract = Contract(name);
        var ts = Interface(contract).ToDictionary(f => f.Name);
        foreach (var property in Properties(contract.Record))
        {
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (!type.IsEnum || !ts.TryGetValue(property.Name, out var field)) continue;
            var values = Enum.GetValues(type).Cast<object>().Select(v => JsonSerializer.Serialize(v, type, SnakeCaseJson.Line).Trim('"')).Order().ToList();
            var literals = field.StringLiterals.Order().ToList();
            Assert.True(values.SequenceEqual(literals),
                $"{contract}: {property.Name} is {type.Name} [{string.Join(" | ", values)}] in C#, [{string.Join(" | ", literals)}] in TypeScript");
        }
    }

    [Theory]
    [MemberData(nameof(Contracts))]
    public void A_constant_field_has_the_interface_s_literal(string name)
    {
        var contract = Contract(name);
        var ts = Interface(contract).ToDictionary(f => f.Name);
        // A record's constant (its message type) does not depend on its state: read it from an empty instance.
        object empty = RuntimeHelpers.GetUninitializedObject(contract.Record);
        foreach (var property in Properties(contract.Record))
        {
            if (!ts.TryGetValue(property.Name, out var field) || field.Constant is not { } literal) continue;
            Assert.True(property.PropertyType == typeof(string) && property.Set is null,
                $"{contract}: {property.Name} is the constant \"{literal}\" in TypeScript, a settable {property.PropertyType.Name} in C#");
            Assert.Equal(literal, property.Get!(empty));
        }
    }

    [Fact]
    public void Every_record_a_message_carries_has_a_contract()
    {
        var registered = MessageContracts.All.Select(c => c.Record).ToHashSet();
        var missing = new List<string>();
        foreach (var contract in MessageContracts.All)
            foreach (var property in Properties(contract.Record))
                foreach (var type in Carried(property.PropertyType))
                    if (!registered.Contains(type)) missing.Add($"{contract.Record.Name}.{property.Name}: {type.FullName}");
        Assert.True(missing.Count == 0,
            $"records carried by a message without a TypeScript contract (add them to MessageContracts): {string.Join("; ", missing)}");
    }

    [Fact]
    public void Each_record_has_one_interface_and_each_interface_one_record()
    {
        Assert.Equal(MessageContracts.All.Length, MessageContracts.All.Select(c => c.Record).Distinct().Count());
        Assert.Equal(MessageContracts.All.Length, MessageContracts.All.Select(c => (c.File, c.Interface)).Distinct().Count());
    }

    [Fact]
    public void No_interface_is_declared_in_two_files()
    {
        var declared = Directory.EnumerateFiles(Sources, "*.ts")
            .SelectMany(file => TypeScriptInterfaces.Names(File.ReadAllText(file)).Select(name => (Name: name, File: Path.GetFileName(file))))
            .GroupBy(d => d.Name)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key} in {string.Join(", ", g.Select(d => d.File))}")
            .ToList();
        Assert.True(declared.Count == 0, $"interfaces declared more than once (share them from common.ts): {string.Join("; ", declared)}");
    }

    [Fact]
    public void The_reader_finds_fields_optional_markers_nested_types_and_literals()
    {
        var parsed = TypeScriptInterfaces.Parse("""
            // a comment { with a brace
            export interface A { type: "a"; t_s: number; list: (number | null)[][]; nested: { x: number; y: string };
              state: "idle" | "running"; map: Record<string, B>; fn: (x: number) => void; maybe?: boolean
              stop(): void; }
            interface B {
              name: string,
              other: number
            }
            """);
        Assert.Equal(["type", "t_s", "list", "nested", "state", "map", "fn", "maybe"], parsed["A"].Select(f => f.Name));
        Assert.Equal(["name", "other"], parsed["B"].Select(f => f.Name));
        Assert.True(parsed["A"].Single(f => f.Name == "maybe").Optional);
        Assert.Equal("a", parsed["A"][0].Constant);
        Assert.Equal(["idle", "running"], parsed["A"].Single(f => f.Name == "state").StringLiterals);
    }

    /// <summary>The AutoFOH records a property's type carries (itself, or the elements of a list or array).</summary>
    private static IEnumerable<Type> Carried(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type.IsArray) return Carried(type.GetElementType()!);
        if (type.IsGenericType) return type.GetGenericArguments().SelectMany(Carried);
        return type.IsClass && type != typeof(string) && type.Namespace?.StartsWith("AutoFoh", StringComparison.Ordinal) == true ? [type] : [];
    }
}
