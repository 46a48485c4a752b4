"""An independent PyTorch implementation of topiclens' paper model (BiLSTM encoder, attention-LSTM
decoder, L2 interpretive loss with f = sigmoid(relu(x·w1 + b1)·w2 + b2), λ, global-norm clipping,
Adadelta), for bench/train.ts: it loads the weights and batch that the bench wrote and prints
JSON lines.

  /usr/bin/python3 bench/train-torch.py DIR --threads 1 --steps 3 [--check] [--infer N]

--check: the loss of the given weights without dropout (the same-model check against tfjs).
Training steps use dropout 0.5 on the output-layer inputs like topiclens (its own random masks).
Thread count: torch.set_num_threads plus OMP/OPENBLAS_NUM_THREADS, which the caller sets.
"""
import argparse, json, os, sys, time, resource
import numpy as np
import torch
import torch.nn.functional as F

p = argparse.ArgumentParser()
p.add_argument('dir')
p.add_argument('--threads', type=int, default=1)
p.add_argument('--steps', type=int, default=3)
p.add_argument('--check', action='store_true')
p.add_argument('--infer', type=int, default=0)
p.add_argument('--serve', action='store_true', help='after a warm-up, run one "train" or "infer" per stdin line; print its seconds')
a = p.parse_args()
torch.set_num_threads(a.threads)
torch.manual_seed(0)

man = json.load(open(os.path.join(a.dir, 'manifest.json')))
raw = open(os.path.join(a.dir, 'data.bin'), 'rb').read()
def arr(name):
    m = man['arrays'][name]
    dt = np.float32 if m['dtype'] == 'float32' else np.int32
    n = int(np.prod(m['shape'])) if m['shape'] else 1
    return torch.from_numpy(np.frombuffer(raw, dtype=dt, count=n, offset=m['offset']).copy().reshape(m['shape']))

cfg = man['config']
H, Hd, lam, bos = cfg['encoderUnits'], cfg['decoderUnits'], cfg['lambda'], cfg['bosId']
W = {k[len('var/'):]: arr(k).requires_grad_() for k in man['arrays'] if k.startswith('var/')}
frames, tokens, mask, topics = arr('batch/frames'), arr('batch/tokens').long(), arr('batch/mask'), arr('batch/topics')
B, N, _ = frames.shape
T = tokens.shape[1]

def cell(z, c):
    i, f, g, o = z.chunk(4, 1)
    c2 = torch.sigmoid(i) * torch.tanh(g) if c is None else torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c2), c2

def encode(x):
    proj = x @ W['encoder/inputKernel'] + W['encoder/bias']  # [B, N, 8H]
    pf, pb = proj[..., :4 * H], proj[..., 4 * H:]
    def run(pr, U, rev):
        hs = [None] * N; h = c = None
        for k in range(N):
            t = N - 1 - k if rev else k
            z = pr[:, t] if h is None else pr[:, t] + h @ U
            h, c = cell(z, c); hs[t] = h
        return torch.stack(hs, 1)
    return torch.cat([run(pf, W['encoder/fwd/recurrentKernel'], False), run(pb, W['encoder/bwd/recurrentKernel'], True)], 2)

def f_readout(vmean):
    return torch.sigmoid(torch.relu(vmean @ W['interpretiveLoss/f/w1'] + W['interpretiveLoss/f/b1']) @ W['interpretiveLoss/f/w2'] + W['interpretiveLoss/f/b2'])

def decoder_loss(V, training):
    d = lambda n: W['decoder/' + n]
    keys = V @ d('att/T') + d('att/b')  # [B, N, A]
    vm = V.mean(1)
    h = torch.tanh(vm @ d('init/h/kernel') + d('init/h/bias'))
    c = torch.tanh(vm @ d('init/c/kernel') + d('init/c/bias'))
    prev = torch.cat([torch.full((B, 1), bos, dtype=torch.long), tokens[:, :T - 1]], 1)
    emb = d('embedding')[prev]  # [B, T, E]
    xe = emb @ d('lstm/inputKernel') + d('lstm/bias')
    hs, phis = [], []
    for t in range(T):
        e = torch.tanh(keys + (h @ d('att/U'))[:, None])
        alpha = torch.softmax((e @ d('att/w'))[..., 0], 1)
        phi = (V * alpha[..., None]).sum(1)
        h, c = cell(xe[:, t] + torch.cat([phi, h], 1) @ d('lstm/kernel'), c)
        hs.append(h); phis.append(phi)
    feats = torch.cat([torch.stack(hs, 1), torch.stack(phis, 1), emb], 2)  # [B, T, ·]
    sel = mask.reshape(-1) > 0
    x = feats.reshape(B * T, -1)[sel]
    if training: x = F.dropout(x, 0.5, True)
    logp = torch.log_softmax(x @ d('out/kernel') + d('out/bias'), 1)
    nll = -logp.gather(1, tokens.reshape(-1)[sel][:, None])[:, 0]
    return (nll * mask.reshape(-1)[sel]).sum() / B

def total_loss(training):
    V = encode(frames)
    task = decoder_loss(V, training)
    interp = ((f_readout(V.mean(1)) - topics) ** 2).sum() / B
    return task + lam * interp

def blas_core():
    import ctypes
    try:
        lib = ctypes.CDLL('libblas.so.3')
        lib.openblas_get_corename.restype = ctypes.c_char_p
        return lib.openblas_get_corename().decode()
    except (OSError, AttributeError):
        return 'not OpenBLAS'

out = {'threads': a.threads, 'torch': torch.__version__, 'coretype': os.environ.get('OPENBLAS_CORETYPE', 'stock'), 'blasCore': blas_core()}
if a.check:
    with torch.no_grad():
        out['checkLoss'] = float(total_loss(False))
opt = torch.optim.Adadelta(list(W.values()), lr=1.0, rho=0.95, eps=1e-6)

def train_step():
    t0 = time.perf_counter()
    opt.zero_grad()
    loss = total_loss(True)
    loss.backward()
    torch.nn.utils.clip_grad_norm_(list(W.values()), 10.0)
    opt.step()
    return time.perf_counter() - t0

def infer_batch():
    with torch.no_grad():
        t0 = time.perf_counter()
        f_readout(encode(frames).mean(1)).sum().item()
        return time.perf_counter() - t0

def rss():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024

if a.serve:
    train_step(); infer_batch()  # warm-up
    print(json.dumps({**out, 'ready': True}), flush=True)
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == 'train': print(json.dumps({'seconds': train_step(), 'peakRssMB': rss()}), flush=True)
        elif cmd == 'infer': print(json.dumps({'seconds': infer_batch(), 'peakRssMB': rss()}), flush=True)
        else: break
    sys.exit(0)

times = [train_step() for _ in range(a.steps + 1)][1:] if a.steps > 0 else []
if times: out['stepSeconds'] = times
if a.infer:
    infer_batch()
    out['inferSeconds'] = sum(infer_batch() for _ in range(a.infer)) / a.infer
out['peakRssMB'] = rss()
print(json.dumps(out))
