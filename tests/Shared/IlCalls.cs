using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace AutoFoh.Testing;

/// <summary>
/// Which types of a built assembly call a given method, read from the IL of every method body (the
/// assembly is only read, not loaded, so the web app's and the CLI's assemblies can be read from any test).
/// </summary>
internal static class IlCalls
{
    /// <summary>
    /// The top-level types (full names) whose methods, lambdas and state machines call, construct with or
    /// take a delegate to <paramref name="typeFullName"/>.<paramref name="method"/> (".ctor" for a constructor).
    /// </summary>
    public static HashSet<string> TypesCalling(string assemblyPath, string typeFullName, string method)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var typeHandle in metadata.TypeDefinitions)
            foreach (var methodHandle in metadata.GetTypeDefinition(typeHandle).GetMethods())
            {
                int rva = metadata.GetMethodDefinition(methodHandle).RelativeVirtualAddress;
                if (rva == 0) continue;
                var il = pe.GetMethodBody(rva).GetILBytes() ?? [];
                if (Calls(metadata, il, typeFullName, method)) found.Add(TopLevelName(metadata, typeHandle));
            }
        return found;
    }

    private static bool Calls(MetadataReader metadata, byte[] il, string typeFullName, string method)
    {
        for (int i = 0; i + 5 <= il.Length; i++)
        {
            // call, callvirt, newobj (one byte) and ldftn, ldvirtftn (0xFE 0x06, 0xFE 0x07), each followed by a method token.
            int at = il[i] is 0x28 or 0x6F or 0x73 ? i + 1 : il[i] == 0xFE && i + 6 <= il.Length && il[i + 1] is 0x06 or 0x07 ? i + 2 : -1;
            if (at < 0) continue;
            if (Names(metadata, BitConverter.ToInt32(il, at)) is var (type, name) && type == typeFullName && name == method) return true;
        }
        return false;
    }

    /// <summary>The declaring type and name of the method a token stands for, or null when it is not a method token.</summary>
    private static (string Type, string Name)? Names(MetadataReader metadata, int token)
    {
        int table = token >>> 24, row = token & 0xFFFFFF;
        if (row == 0) return null;
        switch (table)
        {
            case 0x06 when row <= metadata.GetTableRowCount(TableIndex.MethodDef):
                var definition = metadata.GetMethodDefinition(MetadataTokens.MethodDefinitionHandle(row));
                return (FullName(metadata, definition.GetDeclaringType()), metadata.GetString(definition.Name));
            case 0x0A when row <= metadata.GetTableRowCount(TableIndex.MemberRef):
                var reference = metadata.GetMemberReference(MetadataTokens.MemberReferenceHandle(row));
                if (reference.Parent.Kind != HandleKind.TypeReference) return null;
                var type = metadata.GetTypeReference((TypeReferenceHandle)reference.Parent);
                return ($"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}", metadata.GetString(reference.Name));
            case 0x2B when row <= metadata.GetTableRowCount(TableIndex.MethodSpec):
                var generic = metadata.GetMethodSpecification(MetadataTokens.MethodSpecificationHandle(row)).Method;
                return Names(metadata, MetadataTokens.GetToken(generic));
            default:
                return null;
        }
    }

    private static string TopLevelName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        while (metadata.GetTypeDefinition(handle).GetDeclaringType() is { IsNil: false } outer) handle = outer;
        return FullName(metadata, handle);
    }

    private static string FullName(MetadataReader metadata, TypeDefinitionHandle handle)
    {
        var type = metadata.GetTypeDefinition(handle);
        return $"{metadata.GetString(type.Namespace)}.{metadata.GetString(type.Name)}";
    }
}
