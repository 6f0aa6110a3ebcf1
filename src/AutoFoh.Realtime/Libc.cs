using System.Runtime.InteropServices;

namespace AutoFoh.Realtime;

/// <summary>The few C library calls the real-time backends need (Linux).</summary>
internal static unsafe partial class Libc
{
    private const string Library = "libc";
    public const int SchedOther = 0, SchedFifo = 1, SchedRr = 2;
    private const int PrioProcess = 0;

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int setenv(string name, string value, int overwrite);

    [LibraryImport(Library)]
    public static partial int kill(int pid, int signal);

    /// <summary>The calling thread's scheduling policy (pid 0: this thread).</summary>
    [LibraryImport(Library)]
    public static partial int sched_getscheduler(int pid);

    /// <summary>The calling thread's priority (struct sched_param is one int).</summary>
    [LibraryImport(Library)]
    public static partial int sched_getparam(int pid, int* priority);

    [LibraryImport(Library)]
    private static partial int gettid();

    [LibraryImport(Library, SetLastError = true)]
    private static partial int setpriority(int which, uint who, int priority);

    /// <summary>Sets the calling thread's nice value (on Linux, PRIO_PROCESS with a thread id is that thread alone); the errno when refused, 0 when done.</summary>
    public static int SetThisThreadNice(int nice) => setpriority(PrioProcess, (uint)gettid(), nice) == 0 ? 0 : Marshal.GetLastPInvokeError();
}
