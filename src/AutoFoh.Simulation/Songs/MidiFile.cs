using System.Buffers.Binary;

namespace AutoFoh.Simulation.Songs;

/// <summary>A note: MIDI key 0-127, velocity 1-127, start and length in ticks, on a channel (9 = GM drums).</summary>
public readonly record struct MidiNote(int Key, int Velocity, long StartTicks, long LengthTicks, int Channel);

/// <summary>A control change: controller 0-127 set to a value 0-127 at a tick.</summary>
public readonly record struct MidiControl(long Ticks, int Controller, int Value);

/// <summary>
/// Standard MIDI File writer and reader (SMF type 1, as the 1996 MIDI 1.0 specification defines it):
/// a conductor track with the tempo, then one track of notes (with its program change) per part.
/// Running status is not used, so every event is self-contained.
/// </summary>
public static class MidiFile
{
    public const int TicksPerQuarter = 480;

    public sealed record Track(string Name, int Channel, int Program, IReadOnlyList<MidiNote> Notes)
    {
        /// <summary>Control changes (e.g. 1 modulation, 11 expression) on the track's channel.</summary>
        public IReadOnlyList<MidiControl> Controls { get; init; } = [];
    }

    public static byte[] Write(double tempoBpm, IReadOnlyList<Track> tracks)
    {
        using var stream = new MemoryStream();
        stream.Write("MThd"u8);
        WriteBigEndian(stream, 6u);
        WriteBigEndian(stream, (ushort)1);
        WriteBigEndian(stream, (ushort)(tracks.Count + 1));
        WriteBigEndian(stream, (ushort)TicksPerQuarter);
        // Conductor: tempo in microseconds per quarter note.
        var conductor = new MemoryStream();
        int microseconds = (int)Math.Round(60_000_000 / tempoBpm);
        WriteVariable(conductor, 0);
        conductor.Write([0xFF, 0x51, 0x03, (byte)(microseconds >> 16), (byte)(microseconds >> 8), (byte)microseconds]);
        EndTrack(conductor);
        WriteChunk(stream, conductor.ToArray());
        foreach (var track in tracks)
        {
            var body = new MemoryStream();
            var name = System.Text.Encoding.ASCII.GetBytes(track.Name);
            WriteVariable(body, 0);
            body.Write([0xFF, 0x03]);
            WriteVariable(body, name.Length);
            body.Write(name);
            if (track.Channel != 9)
            {
                WriteVariable(body, 0);
                body.Write([(byte)(0xC0 | track.Channel), (byte)track.Program]);
            }
            var events = new List<(long Tick, int Order, byte[] Bytes)>();
            foreach (var n in track.Notes)
            {
                events.Add((n.StartTicks, 1, [(byte)(0x90 | n.Channel), (byte)n.Key, (byte)Math.Clamp(n.Velocity, 1, 127)]));
                events.Add((n.StartTicks + Math.Max(1, n.LengthTicks), 0, [(byte)(0x80 | n.Channel), (byte)n.Key, 0]));
            }
            foreach (var c in track.Controls)
                events.Add((c.Ticks, 0, [(byte)(0xB0 | track.Channel), (byte)c.Controller, (byte)Math.Clamp(c.Value, 0, 127)]));
            long now = 0;
            foreach (var e in events.OrderBy(e => e.Tick).ThenBy(e => e.Order))
            {
                WriteVariable(body, e.Tick - now);
                body.Write(e.Bytes);
                now = e.Tick;
            }
            EndTrack(body);
            WriteChunk(stream, body.ToArray());
        }
        return stream.ToArray();
    }

    /// <summary>Notes and tempo of a file this class wrote (enough for tests and inspection).</summary>
    public static (double TempoBpm, List<MidiNote> Notes) Read(byte[] bytes)
    {
        if (bytes.Length < 14 || !bytes.AsSpan(0, 4).SequenceEqual("MThd"u8)) throw new FormatException("not a standard MIDI file");
        int tracks = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(10));
        int at = 14;
        double tempo = 120;
        var notes = new List<MidiNote>();
        for (int t = 0; t < tracks; t++)
        {
            if (!bytes.AsSpan(at, 4).SequenceEqual("MTrk"u8)) throw new FormatException($"track {t} header missing");
            int length = (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(at + 4));
            int end = at + 8 + length;
            at += 8;
            long tick = 0;
            var open = new Dictionary<(int, int), (long, int)>();
            while (at < end)
            {
                tick += ReadVariable(bytes, ref at);
                byte status = bytes[at++];
                if (status == 0xFF)
                {
                    byte type = bytes[at++];
                    int size = (int)ReadVariable(bytes, ref at);
                    if (type == 0x51) tempo = 60_000_000.0 / (bytes[at] << 16 | bytes[at + 1] << 8 | bytes[at + 2]);
                    at += size;
                    continue;
                }
                int kind = status & 0xF0, channel = status & 0x0F;
                if (kind == 0xC0) { at++; continue; }
                int key = bytes[at++], velocity = bytes[at++];
                if (kind == 0x90 && velocity > 0) open[(channel, key)] = (tick, velocity);
                else if (open.Remove((channel, key), out var start)) notes.Add(new MidiNote(key, start.Item2, start.Item1, tick - start.Item1, channel));
            }
            at = end;
        }
        return (tempo, notes);
    }

    private static void EndTrack(Stream s)
    {
        WriteVariable(s, 0);
        s.Write([0xFF, 0x2F, 0x00]);
    }

    private static void WriteChunk(Stream s, byte[] body)
    {
        s.Write("MTrk"u8);
        WriteBigEndian(s, (uint)body.Length);
        s.Write(body);
    }

    private static void WriteVariable(Stream s, long value)
    {
        Span<byte> buffer = stackalloc byte[5];
        int n = 0;
        buffer[n++] = (byte)(value & 0x7F);
        while ((value >>= 7) > 0) buffer[n++] = (byte)(0x80 | (value & 0x7F));
        for (int i = n - 1; i >= 0; i--) s.WriteByte(buffer[i]);
    }

    private static long ReadVariable(byte[] bytes, ref int at)
    {
        long value = 0;
        byte b;
        do { b = bytes[at++]; value = value << 7 | (uint)(b & 0x7F); } while ((b & 0x80) != 0);
        return value;
    }

    private static void WriteBigEndian(Stream s, uint v)
    {
        Span<byte> b = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(b, v);
        s.Write(b);
    }

    private static void WriteBigEndian(Stream s, ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(b, v);
        s.Write(b);
    }
}
