/*
 * The same WarpLDA sampler as ../sampler.ts, in C, for bench/lda.ts: it measures the TypeScript
 * sampler against native code on the same corpus, on the same (shared, loaded) machine, in one run.
 * Same algorithm, visiting order, xorshift128 generator and delayed counts; the layout is the plain
 * one of the first TypeScript version (topics and proposals in separate arrays, kept by word and by
 * document, changes scattered to the other order). Reports CPU-time throughput per iteration.
 *
 * Input (little-endian int32): N D V K M iters, docStart[D+1], words[N]; alpha, beta as doubles.
 * Build: gcc -O3 -march=native -o warplda-ref warplda-ref.c -lm
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <time.h>

static uint32_t s0, s1, s2, s3;
static inline uint32_t xs128(void) {
  uint32_t t = s0 ^ (s0 << 11);
  s0 = s1; s1 = s2; s2 = s3;
  s3 = s3 ^ (s3 >> 19) ^ (t ^ (t >> 8));
  return s3;
}
/* Xorshift128Rng's seeding (core/tensor/rng.ts): four splitmix32 outputs. */
static void seed_rng(uint32_t seed) {
  uint32_t x = seed, st[4];
  for (int i = 0; i < 4; i++) {
    x += 0x9e3779b9u;
    uint32_t z = x;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    st[i] = z ^ (z >> 16);
  }
  if ((st[0] | st[1] | st[2] | st[3]) == 0) st[0] = 1;
  s0 = st[0]; s1 = st[1]; s2 = st[2]; s3 = st[3];
}
static double cpu_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
  if (argc < 2) { fprintf(stderr, "usage: warplda-ref corpus.bin [z-out.bin [seed]]\n"); return 2; }
  FILE *f = fopen(argv[1], "rb");
  if (!f) { perror(argv[1]); return 2; }
  int32_t h[6];
  double ab[2];
  if (fread(h, 4, 6, f) != 6) return 2;
  int N = h[0], D = h[1], V = h[2], K = h[3], M = h[4], iters = h[5];
  int32_t *docStart = malloc(4 * (D + 1)), *words = malloc(4 * (size_t)N);
  if (fread(docStart, 4, D + 1, f) != (size_t)D + 1 || fread(words, 4, N, f) != (size_t)N || fread(ab, 8, 2, f) != 2) return 2;
  fclose(f);
  double alpha = ab[0], beta = ab[1];
  int32_t *wordStart = calloc(V + 1, 4), *fill = malloc(4 * V), *wpos = malloc(4 * (size_t)N), *dpos = malloc(4 * (size_t)N);
  for (int j = 0; j < N; j++) wordStart[words[j] + 1]++;
  for (int v = 0; v < V; v++) wordStart[v + 1] += wordStart[v];
  memcpy(fill, wordStart, 4 * V);
  for (int j = 0; j < N; j++) { int p = fill[words[j]]++; wpos[j] = p; dpos[p] = j; }
  uint16_t *zD = malloc(2 * (size_t)N), *zW = malloc(2 * (size_t)N);
  uint16_t *propW = malloc(2 * (size_t)N * M), *propD = malloc(2 * (size_t)N * M);
  int32_t *ck = calloc(K, 4), *cnt = calloc(K, 4);
  seed_rng(argc > 3 ? (uint32_t)strtoul(argv[3], NULL, 10) : 1u);
  for (int j = 0; j < N; j++) { uint16_t k = (uint16_t)(((uint64_t)xs128() * K) >> 32); zD[j] = k; zW[wpos[j]] = k; ck[k]++; }
  const double U = 2.3283064365386963e-10, Vb = V * beta, Kb = K * beta, Ka = K * alpha, invAlpha = 1 / alpha, invBeta = 1 / beta;
  /* initial doc proposals */
  for (int d = 0; d < D; d++) {
    int s = docStart[d], e = docStart[d + 1], L = e - s;
    if (!L) continue;
    double tot = L + Ka;
    for (int j = s; j < e; j++) for (int m = 0; m < M; m++) {
      double r = xs128() * U * tot; int kp;
      if (r < L) kp = zD[s + (int)r]; else { kp = (int)((r - L) * invAlpha); if (kp >= K) kp = K - 1; }
      propD[(size_t)wpos[j] * M + m] = kp;
    }
  }
  double total = 0;
  for (int it = 0; it < iters; it++) {
    double t0 = cpu_seconds();
    /* word phase */
    for (int w = 0; w < V; w++) {
      int s = wordStart[w], e = wordStart[w + 1], L = e - s;
      if (!L) continue;
      for (int i = s; i < e; i++) cnt[zW[i]]++;
      for (int i = s; i < e; i++) {
        int k0 = zW[i], k = k0; size_t pb = (size_t)i * M;
        for (int m = 0; m < M; m++) {
          int kp = propD[pb + m];
          if (kp == k) continue;
          int sk = k == k0, skp = kp == k0; /* counts without the token itself */
          double num = (cnt[kp] - skp + beta) * (ck[k] - sk + Vb), den = (cnt[k] - sk + beta) * (ck[kp] - skp + Vb);
          if (xs128() * U * den < num) k = kp;
        }
        propD[pb] = k0;
        if (k != k0) { zW[i] = k; zD[dpos[i]] = k; ck[k0]--; ck[k]++; }
      }
      for (int i = s; i < e; i++) cnt[propD[(size_t)i * M]] = 0;
      double tot = L + Kb;
      for (int i = s; i < e; i++) {
        size_t pb = (size_t)dpos[i] * M;
        for (int m = 0; m < M; m++) {
          double r = xs128() * U * tot; int kp;
          if (r < L) kp = zW[s + (int)r]; else { kp = (int)((r - L) * invBeta); if (kp >= K) kp = K - 1; }
          propW[pb + m] = kp;
        }
      }
    }
    /* doc phase */
    for (int d = 0; d < D; d++) {
      int s = docStart[d], e = docStart[d + 1], L = e - s;
      if (!L) continue;
      for (int j = s; j < e; j++) cnt[zD[j]]++;
      for (int j = s; j < e; j++) {
        int k0 = zD[j], k = k0; size_t pb = (size_t)j * M;
        for (int m = 0; m < M; m++) {
          int kp = propW[pb + m];
          if (kp == k) continue;
          int sk = k == k0, skp = kp == k0;
          double num = (cnt[kp] - skp + alpha) * (ck[k] - sk + Vb), den = (cnt[k] - sk + alpha) * (ck[kp] - skp + Vb);
          if (xs128() * U * den < num) k = kp;
        }
        propW[pb] = k0;
        if (k != k0) { zD[j] = k; zW[wpos[j]] = k; ck[k0]--; ck[k]++; }
      }
      for (int j = s; j < e; j++) cnt[propW[(size_t)j * M]] = 0;
      double tot = L + Ka;
      for (int j = s; j < e; j++) {
        size_t pb = (size_t)wpos[j] * M;
        for (int m = 0; m < M; m++) {
          double r = xs128() * U * tot; int kp;
          if (r < L) kp = zD[s + (int)r]; else { kp = (int)((r - L) * invAlpha); if (kp >= K) kp = K - 1; }
          propD[pb + m] = kp;
        }
      }
    }
    double dt = cpu_seconds() - t0;
    total += dt;
    printf("%d %.6f\n", it + 1, N / dt);
  }
  printf("total %.6f %.6f\n", total, (double)N * iters / total);
  if (argc > 2) {
    FILE *o = fopen(argv[2], "wb");
    if (!o || fwrite(zD, 2, N, o) != (size_t)N || fclose(o) != 0) { perror(argv[2]); return 2; }
  }
  return 0;
}
