using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace AutoFoh.Neural.Kernels;

/// <summary>
/// C = A·B (+ C when accumulating) for row-major float32 matrices, A: M×K, B: K×N, C: M×N.
/// A register-blocked micro-kernel keeps a 4-row tile of C in eight vector accumulators (4×32 with
/// AVX-512, 4×16 with 256-bit vectors) while it walks K, broadcasting A and loading two vectors of B per
/// step, so the FMA units rather than memory set the pace; K is processed in panels of 256 so the B
/// panel stays in cache across row blocks; row blocks run in parallel when the product is large.
/// Edges (rows not a multiple of 4, columns not a multiple of 16) fall back to vectorised row updates.
/// </summary>
public static class MatMulKernel
{
    private const int KPanel = 256;
    private const int RowsPerTile = 4;
    private const int ColsPerTile = 16;
    /// <summary>Products below this many multiply-adds run on one thread.</summary>
    public const long ParallelThreshold = 1L << 21;

    public static int MaxDegreeOfParallelism { get; set; } = Environment.ProcessorCount;

    public static void Multiply(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n, bool accumulate = false, bool allowParallel = true)
    {
        if (a.Length < m * k || b.Length < k * n || c.Length < m * n) throw new ArgumentException($"matmul buffers too small for {m}x{k} by {k}x{n}");
        if (!accumulate) c[..(m * n)].Clear();
        if (m == 0 || n == 0 || k == 0) return;
        long work = (long)m * n * k;
        int rowBlocks = (m + RowsPerTile - 1) / RowsPerTile;
        if (!allowParallel || work < ParallelThreshold || MaxDegreeOfParallelism <= 1 || rowBlocks < 2)
        {
            unsafe
            {
                fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
                    MultiplyRows(pa, pb, pc, 0, m, k, n);
            }
            return;
        }
        unsafe
        {
            fixed (float* pa = a) fixed (float* pb = b) fixed (float* pc = c)
                MultiplyParallel((nint)pa, (nint)pb, (nint)pc, m, k, n, rowBlocks);
        }
    }

    /// <summary>
    /// The parallel path lives in its own method: a lambda's captured parameters would otherwise make the
    /// compiler allocate the closure on every call of <see cref="Multiply"/>, even single-threaded ones.
    /// </summary>
    private static void MultiplyParallel(nint a, nint b, nint c, int m, int k, int n, int rowBlocks)
    {
        int chunks = Math.Min(MaxDegreeOfParallelism * 4, rowBlocks);
        Parallel.For(0, chunks, new ParallelOptions { MaxDegreeOfParallelism = MaxDegreeOfParallelism }, chunk =>
        {
            int first = (int)((long)rowBlocks * chunk / chunks) * RowsPerTile;
            int last = Math.Min(m, (int)((long)rowBlocks * (chunk + 1) / chunks) * RowsPerTile);
            unsafe { MultiplyRows((float*)a, (float*)b, (float*)c, first, last, k, n); }
        });
    }

    private static unsafe void MultiplyRows(float* a, float* b, float* c, int rowStart, int rowEnd, int k, int n)
    {
        bool wide = Vector512.IsHardwareAccelerated;
        int tileCols = wide ? 2 * ColsPerTile : ColsPerTile;
        int fullCols = wide || Vector256.IsHardwareAccelerated ? n / tileCols * tileCols : 0;
        for (int k0 = 0; k0 < k; k0 += KPanel)
        {
            int kc = Math.Min(KPanel, k - k0);
            int i = rowStart;
            for (; i + RowsPerTile <= rowEnd; i += RowsPerTile)
            {
                if (wide) for (int j = 0; j < fullCols; j += tileCols) Tile4x32(a, b, c, i, j, k0, kc, k, n);
                else for (int j = 0; j < fullCols; j += tileCols) Tile4x16(a, b, c, i, j, k0, kc, k, n);
                if (fullCols < n)
                    for (int r = i; r < i + RowsPerTile; r++) RowUpdate(a, b, c, r, fullCols, n, k0, kc, k, n);
            }
            for (; i < rowEnd; i++) RowUpdate(a, b, c, i, 0, n, k0, kc, k, n);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x16(float* a, float* b, float* c, int i, int j, int k0, int kc, int k, int n)
    {
        float* c0 = c + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        var s00 = Vector256.Load(c0); var s01 = Vector256.Load(c0 + 8);
        var s10 = Vector256.Load(c1); var s11 = Vector256.Load(c1 + 8);
        var s20 = Vector256.Load(c2); var s21 = Vector256.Load(c2 + 8);
        var s30 = Vector256.Load(c3); var s31 = Vector256.Load(c3 + 8);
        float* a0 = a + i * k + k0, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        float* bp = b + k0 * n + j;
        for (int p = 0; p < kc; p++, bp += n)
        {
            var b0 = Vector256.Load(bp);
            var b1 = Vector256.Load(bp + 8);
            var x0 = Vector256.Create(a0[p]);
            s00 = Vector256.FusedMultiplyAdd(x0, b0, s00); s01 = Vector256.FusedMultiplyAdd(x0, b1, s01);
            var x1 = Vector256.Create(a1[p]);
            s10 = Vector256.FusedMultiplyAdd(x1, b0, s10); s11 = Vector256.FusedMultiplyAdd(x1, b1, s11);
            var x2 = Vector256.Create(a2[p]);
            s20 = Vector256.FusedMultiplyAdd(x2, b0, s20); s21 = Vector256.FusedMultiplyAdd(x2, b1, s21);
            var x3 = Vector256.Create(a3[p]);
            s30 = Vector256.FusedMultiplyAdd(x3, b0, s30); s31 = Vector256.FusedMultiplyAdd(x3, b1, s31);
        }
        s00.Store(c0); s01.Store(c0 + 8);
        s10.Store(c1); s11.Store(c1 + 8);
        s20.Store(c2); s21.Store(c2 + 8);
        s30.Store(c3); s31.Store(c3 + 8);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void Tile4x32(float* a, float* b, float* c, int i, int j, int k0, int kc, int k, int n)
    {
        float* c0 = c + i * n + j, c1 = c0 + n, c2 = c1 + n, c3 = c2 + n;
        var s00 = Vector512.Load(c0); var s01 = Vector512.Load(c0 + 16);
        var s10 = Vector512.Load(c1); var s11 = Vector512.Load(c1 + 16);
        var s20 = Vector512.Load(c2); var s21 = Vector512.Load(c2 + 16);
        var s30 = Vector512.Load(c3); var s31 = Vector512.Load(c3 + 16);
        float* a0 = a + i * k + k0, a1 = a0 + k, a2 = a1 + k, a3 = a2 + k;
        float* bp = b + k0 * n + j;
        for (int p = 0; p < kc; p++, bp += n)
        {
            var b0 = Vector512.Load(bp);
            var b1 = Vector512.Load(bp + 16);
            var x0 = Vector512.Create(a0[p]);
            s00 = Vector512.FusedMultiplyAdd(x0, b0, s00); s01 = Vector512.FusedMultiplyAdd(x0, b1, s01);
            var x1 = Vector512.Create(a1[p]);
            s10 = Vector512.FusedMultiplyAdd(x1, b0, s10); s11 = Vector512.FusedMultiplyAdd(x1, b1, s11);
            var x2 = Vector512.Create(a2[p]);
            s20 = Vector512.FusedMultiplyAdd(x2, b0, s20); s21 = Vector512.FusedMultiplyAdd(x2, b1, s21);
            var x3 = Vector512.Create(a3[p]);
            s30 = Vector512.FusedMultiplyAdd(x3, b0, s30); s31 = Vector512.FusedMultiplyAdd(x3, b1, s31);
        }
        s00.Store(c0); s01.Store(c0 + 16);
        s10.Store(c1); s11.Store(c1 + 16);
        s20.Store(c2); s21.Store(c2 + 16);
        s30.Store(c3); s31.Store(c3 + 16);
    }

    /// <summary>C[r, j0..j1) += Σ_p A[r, k0+p] · B[k0+p, j0..j1).</summary>
    private static unsafe void RowUpdate(float* a, float* b, float* c, int r, int j0, int j1, int k0, int kc, int k, int n)
    {
        var cRow = new Span<float>(c + r * n + j0, j1 - j0);
        for (int p = 0; p < kc; p++)
        {
            float x = a[r * k + k0 + p];
            if (x == 0) continue;
            var bRow = new ReadOnlySpan<float>(b + (k0 + p) * n + j0, j1 - j0);
            TensorPrimitives.MultiplyAdd(bRow, x, cRow, cRow);
        }
    }

    /// <summary>The textbook triple loop, the baseline of the benchmark and the reference of the tests.</summary>
    public static void MultiplyNaive(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> c, int m, int k, int n)
    {
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++)
            {
                float sum = 0;
                for (int p = 0; p < k; p++) sum += a[i * k + p] * b[p * n + j];
                c[i * n + j] = sum;
            }
    }

    /// <summary>Out[n, m] = In[m, n]ᵀ.</summary>
    public static void Transpose(ReadOnlySpan<float> input, Span<float> output, int rows, int cols)
    {
        const int block = 32;
        for (int i0 = 0; i0 < rows; i0 += block)
            for (int j0 = 0; j0 < cols; j0 += block)
            {
                int i1 = Math.Min(rows, i0 + block), j1 = Math.Min(cols, j0 + block);
                for (int i = i0; i < i1; i++)
                    for (int j = j0; j < j1; j++) output[j * rows + i] = input[i * cols + j];
            }
    }
}
