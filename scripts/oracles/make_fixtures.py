#!/usr/bin/env python3
"""Golden fixtures for AutoFOH's learning engine, computed by PyTorch.

Run with Debian's python3-torch:  /usr/bin/python3 scripts/oracles/make_fixtures.py
Writes tests/AutoFoh.Neural.Tests/Fixtures/<case>.json (format: scripts/oracles/README.md).
Inputs and weights are drawn, rounded to float32 values, and the reference is computed in float64,
so a fixture holds the exact answer for the float32 numbers both sides start from.
"""
import json
import math
import os
import struct
import sys

import torch

torch.set_default_dtype(torch.float64)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "AutoFoh.Neural.Tests", "Fixtures")


def f32(t):
    """Round to float32 values, keep float64 storage."""
    return t.detach().to(torch.float32).to(torch.float64)


def rand(*shape, scale=1.0):
    return f32(torch.randn(*shape) * scale)


def entry(t):
    t = t.detach().to(torch.float64).contiguous()
    return {"shape": list(t.shape), "data": [float(v) for v in t.reshape(-1).tolist()]}


def write(case, module, config, tensors):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, case + ".json"), "w") as f:
        json.dump({"case": case, "module": module, "config": config, "tensors": {k: entry(v) for k, v in tensors.items()}}, f)
    print(f"{case}: {', '.join(tensors)}")


def module_case(case, module_name, config, module, inputs, call, extra_outputs=None):
    """Runs call(module, *inputs) -> output (or tuple), backward with a random grad_output."""
    for p in module.parameters():
        p.data = f32(p.data)
    tensors = {}
    for name, value in inputs.items():
        value.requires_grad_(value.is_floating_point() and not name.endswith("mask"))
        tensors[name] = value
    for name, p in module.named_parameters():
        tensors["param." + name] = p
    out = call(module, **inputs)
    outs = out if isinstance(out, tuple) else (out,)
    names = ["output"] + (extra_outputs or [])
    loss = 0
    for name, o in zip(names, outs):
        g = rand(*o.shape)
        tensors[name] = o
        tensors["grad_output" + ("" if name == "output" else "." + name)] = g
        loss = loss + (o * g).sum()
    loss.backward()
    for name, value in inputs.items():
        if value.requires_grad:
            tensors["grad." + name] = value.grad
    for name, p in module.named_parameters():
        tensors["grad.param." + name] = p.grad
    write(case, module_name, config, tensors)


def main():
    torch.manual_seed(1)
    module_case("linear", "Linear", {"in_features": 5, "out_features": 3, "bias": True},
                torch.nn.Linear(5, 3), {"input": rand(4, 5)}, lambda m, input: m(input))

    torch.manual_seed(2)
    ln = torch.nn.LayerNorm(6)
    ln.weight.data = rand(6)
    ln.bias.data = rand(6)
    module_case("layer_norm", "LayerNorm", {"normalized_shape": 6, "eps": 1e-5}, ln, {"input": rand(3, 4, 6)}, lambda m, input: m(input))

    torch.manual_seed(3)
    mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
    mha.in_proj_bias.data = rand(24, scale=0.1)
    mha.out_proj.bias.data = rand(8, scale=0.1)
    mask = torch.zeros(2, 5)
    mask[0, 3:] = 1
    mask[1, 4:] = 1
    module_case("multihead_attention_padding_mask", "MultiheadAttention", {"embed_dim": 8, "num_heads": 2, "batch_first": True},
                mha, {"input": rand(2, 5, 8), "key_padding_mask": mask},
                lambda m, input, key_padding_mask: m(input, input, input, key_padding_mask=key_padding_mask.bool(), need_weights=False)[0])

    for case, activation, norm_first, seed in [("transformer_encoder_layer_post", "relu", False, 4), ("transformer_encoder_layer_pre", "gelu", True, 5)]:
        torch.manual_seed(seed)
        layer = torch.nn.TransformerEncoderLayer(8, 2, dim_feedforward=16, dropout=0.0, activation=activation, batch_first=True, norm_first=norm_first)
        layer.self_attn.in_proj_bias.data = rand(24, scale=0.1)
        layer.norm1.weight.data = 1 + rand(8, scale=0.1)
        layer.norm2.bias.data = rand(8, scale=0.1)
        mask = torch.zeros(2, 6)
        mask[1, 4:] = 1
        layer.eval()
        module_case(case, "TransformerEncoderLayer",
                    {"d_model": 8, "nhead": 2, "dim_feedforward": 16, "dropout": 0.0, "activation": activation, "norm_first": norm_first, "batch_first": True},
                    layer, {"input": rand(2, 6, 8), "src_key_padding_mask": mask},
                    lambda m, input, src_key_padding_mask: m(input, src_key_padding_mask=src_key_padding_mask.bool()))

    for case, steps, seed in [("gru_2layer", 7, 6), ("gru_2layer_long", 120, 7)]:
        torch.manual_seed(seed)
        gru = torch.nn.GRU(4, 6, num_layers=2, batch_first=True)
        module_case(case, "GRU", {"input_size": 4, "hidden_size": 6, "num_layers": 2, "batch_first": True},
                    gru, {"input": rand(3, steps, 4), "h0": rand(2, 3, 6, scale=0.5)},
                    lambda m, input, h0: m(input, h0), extra_outputs=["h_n"])

    torch.manual_seed(8)
    module_case("conv1d", "Conv1d", {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 2, "padding": 1},
                torch.nn.Conv1d(3, 4, 3, stride=2, padding=1), {"input": rand(2, 3, 11)}, lambda m, input: m(input))

    torch.manual_seed(9)
    module_case("conv2d", "Conv2d", {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2, "padding": 1},
                torch.nn.Conv2d(2, 3, 3, stride=2, padding=1), {"input": rand(2, 2, 7, 6)}, lambda m, input: m(input))

    # Losses: output is the scalar loss, grad.input its gradient.
    torch.manual_seed(10)
    logits = rand(5, 4).requires_grad_(True)
    target = torch.tensor([0.0, 3.0, 1.0, 3.0, 2.0])
    loss = torch.nn.functional.cross_entropy(logits, target.long())
    loss.backward()
    write("cross_entropy", "loss:cross_entropy", {}, {"input": logits, "target": target, "output": loss, "grad.input": logits.grad})

    for case, fn in [("mse_loss", torch.nn.functional.mse_loss), ("l1_loss", torch.nn.functional.l1_loss), ("huber_loss", torch.nn.functional.huber_loss)]:
        torch.manual_seed(11)
        x = rand(4, 3, scale=1.5).requires_grad_(True)
        y = rand(4, 3)
        loss = fn(x, y)
        loss.backward()
        write(case, "loss:" + case[:-5], {"delta": 1.0} if case == "huber_loss" else {}, {"input": x, "target": y, "output": loss, "grad.input": x.grad})

    # Single ops with gradients.
    ops = [
        ("op_softmax", "op:softmax", lambda x: torch.softmax(x, -1)),
        ("op_log_softmax", "op:log_softmax", lambda x: torch.log_softmax(x, -1)),
        ("op_gelu", "op:gelu", torch.nn.functional.gelu),
        ("op_softplus", "op:softplus", torch.nn.functional.softplus),
    ]
    for case, name, fn in ops:
        torch.manual_seed(12)
        x = rand(3, 7, scale=2.0).requires_grad_(True)
        y = fn(x)
        g = rand(*y.shape)
        (y * g).sum().backward()
        write(case, name, {}, {"input": x, "output": y, "grad_output": g, "grad.input": x.grad})
    torch.manual_seed(13)
    a = rand(2, 3, 4).requires_grad_(True)
    b = rand(2, 4, 5).requires_grad_(True)
    y = torch.bmm(a, b)
    g = rand(*y.shape)
    (y * g).sum().backward()
    write("op_bmm", "op:bmm", {}, {"input": a, "other": b, "output": y, "grad_output": g, "grad.input": a.grad, "grad.other": b.grad})

    # Optimizers: three steps with given gradients.
    for case, make, config in [
        ("adam_3_steps", lambda p: torch.optim.Adam([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1), {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1}),
        ("adamw_3_steps", lambda p: torch.optim.AdamW([p], lr=0.01, betas=(0.9, 0.999), eps=1e-8, weight_decay=0.1), {"lr": 0.01, "beta1": 0.9, "beta2": 0.999, "eps": 1e-8, "weight_decay": 0.1}),
        ("sgd_momentum_3_steps", lambda p: torch.optim.SGD([p], lr=0.05, momentum=0.9, weight_decay=0.01), {"lr": 0.05, "momentum": 0.9, "weight_decay": 0.01}),
    ]:
        torch.manual_seed(14)
        p = torch.nn.Parameter(rand(3, 4))
        tensors = {"param.w": p.detach().clone()}
        opt = make(p)
        for step in range(1, 4):
            g = rand(3, 4)
            p.grad = g.clone()
            opt.step()
            tensors[f"grad.step{step}"] = g
            tensors[f"param_after.step{step}"] = p.detach().clone()
        write(case, "optim:" + case.split("_")[0], config, tensors)

    # Checkpoint interop: a safetensors file written by hand to the spec (the pip package is not installable here).
    torch.manual_seed(15)
    model = torch.nn.Sequential(torch.nn.Linear(3, 4), torch.nn.ReLU(), torch.nn.Linear(4, 2))
    state = {k: f32(v).to(torch.float32) for k, v in model.state_dict().items()}
    write_safetensors(os.path.join(OUT, "torch_written.safetensors"), state, {"format": "torch-oracle"})
    x = rand(2, 3)
    with torch.no_grad():
        for k, v in model.state_dict().items():
            v.copy_(state[k].to(torch.float64))
        y = model(x)
    write("torch_written", "Sequential", {"sizes": [3, 4, 2], "activation": "relu"},
          {**{"param." + k: v for k, v in state.items()}, "input": x, "output": y})


def write_safetensors(path, tensors, metadata):
    header = {"__metadata__": metadata}
    offset = 0
    blobs = []
    for name in sorted(tensors):
        t = tensors[name].contiguous()
        data = struct.pack("<%df" % t.numel(), *t.reshape(-1).tolist())
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(data)]}
        offset += len(data)
        blobs.append(data)
    raw = json.dumps(header).encode()
    raw += b" " * ((8 - len(raw) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(raw)))
        f.write(raw)
        for blob in blobs:
            f.write(blob)
    print(f"{os.path.basename(path)}: {', '.join(sorted(tensors))}")


if __name__ == "__main__":
    sys.exit(main())
