using System.Security.Cryptography;

namespace AutoFoh.Web;

/// <summary>How `autofoh serve` runs.</summary>
public sealed record WebOptions
{
    public int Port { get; init; } = 5180;

    /// <summary>Also listen on the LAN (phones); every non-loopback client then needs the pairing code.</summary>
    public bool Lan { get; init; }

    /// <summary>The code a phone enters (or scans in the URL); random when not given.</summary>
    public string PairingCode { get; init; } = RandomNumberGenerator.GetInt32(100000, 1000000).ToString();

    /// <summary>Largest stems upload (bytes).</summary>
    public long MaxUploadBytes { get; init; } = 512L << 20;

    /// <summary>Longest line-check take (seconds).</summary>
    public int MaxTakeSeconds { get; init; } = 60;

    /// <summary>Largest microphone WebSocket message (bytes).</summary>
    public int MaxFrameBytes { get; init; } = 64 << 10;

    /// <summary>The page the LAN addresses and the QR code open ("/" for the soundcheck, "/live" for the live mix).</summary>
    public string HomePath { get; init; } = "/";
}
