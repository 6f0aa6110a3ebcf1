using System.Runtime.InteropServices;

namespace AutoFoh.Realtime.Jack;

/// <summary>The parts of libjack (Debian's jackd2, <c>libjack.so.0</c>) the engine uses.</summary>
internal static unsafe partial class JackNative
{
    private const string Library = "libjack.so.0";
    public const string AudioType = "32 bit float mono audio";
    public const uint PortIsInput = 0x1, PortIsOutput = 0x2, PortIsPhysical = 0x4;
    public const int NoStartServer = 0x01;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr jack_client_open(string clientName, int options, out int status);

    [LibraryImport(Library)]
    public static partial int jack_client_close(IntPtr client);

    [LibraryImport(Library)]
    public static partial int jack_activate(IntPtr client);

    [LibraryImport(Library)]
    public static partial int jack_deactivate(IntPtr client);

    [LibraryImport(Library)]
    public static partial uint jack_get_sample_rate(IntPtr client);

    [LibraryImport(Library)]
    public static partial uint jack_get_buffer_size(IntPtr client);

    [LibraryImport(Library)]
    public static partial IntPtr jack_get_client_name(IntPtr client);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr jack_port_register(IntPtr client, string portName, string portType, nuint flags, nuint bufferSize);

    [LibraryImport(Library)]
    public static partial IntPtr jack_port_get_buffer(IntPtr port, uint frames);

    [LibraryImport(Library)]
    public static partial IntPtr jack_port_name(IntPtr port);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int jack_connect(IntPtr client, string sourcePort, string destinationPort);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial IntPtr jack_get_ports(IntPtr client, string? namePattern, string? typePattern, nuint flags);

    [LibraryImport(Library)]
    public static partial void jack_free(IntPtr pointer);

    [LibraryImport(Library)]
    public static partial int jack_set_process_callback(IntPtr client, delegate* unmanaged<uint, IntPtr, int> callback, IntPtr arg);

    [LibraryImport(Library)]
    public static partial int jack_set_xrun_callback(IntPtr client, delegate* unmanaged<IntPtr, int> callback, IntPtr arg);

    [LibraryImport(Library)]
    public static partial void jack_on_shutdown(IntPtr client, delegate* unmanaged<IntPtr, void> callback, IntPtr arg);

    [LibraryImport(Library)]
    public static partial void jack_set_error_function(delegate* unmanaged<IntPtr, void> callback);

    [LibraryImport(Library)]
    public static partial void jack_set_info_function(delegate* unmanaged<IntPtr, void> callback);

    /// <summary>Non-zero when the server runs its clients' process threads with realtime scheduling.</summary>
    [LibraryImport(Library)]
    public static partial int jack_is_realtime(IntPtr client);

    public static string? String(IntPtr utf8) => utf8 == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(utf8);

    /// <summary>The port names matching a regular expression (libjack's), freed.</summary>
    public static List<string> Ports(IntPtr client, string? pattern, uint flags)
    {
        var names = new List<string>();
        IntPtr list = jack_get_ports(client, pattern, AudioType, flags);
        if (list == IntPtr.Zero) return names;
        for (var p = (IntPtr*)list; *p != IntPtr.Zero; p++) names.Add(String(*p)!);
        jack_free(list);
        return names;
    }
}
