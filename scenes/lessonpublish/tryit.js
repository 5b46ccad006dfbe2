/* The "Try it" panel: the learner draws an item (or picks a sample) and the lesson's own network
   reads it, every number inspectable. Plain JavaScript: no network access, no libraries, no build
   step. Its data comes from tryit-data.js (window.TRYIT_DATA), which scenes/build.py writes from the
   lesson set the videos were drawn from, with the panel's words: the script's lines (tryit.po), those
   known when the page is built already filled in, the others filled here as the viewer draws, numbers
   written the script's language's way. The arithmetic mirrors netcore (preprocess.py, network.py,
   activations.py) step by step, so the answers are netcore's. */
"use strict";
(function () {
  // ---- bytes and checksums ------------------------------------------------------------------

  function decodeBase64(text) {
    const bin = atob(text);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return bytes;
  }

  function float64s(bytes) {  // little-endian float64, as netcore writes them
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const out = new Float64Array(bytes.byteLength / 8);
    for (let i = 0; i < out.length; i++) out[i] = view.getFloat64(8 * i, true);
    return out;
  }

  const K = new Uint32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);

  /** SHA-256 of a byte array as hex (FIPS 180-4), so the page can check its weights offline,
      where crypto.subtle may be missing (it needs a secure context). */
  function sha256(bytes) {
    const n = bytes.length, total = Math.ceil((n + 9) / 64) * 64;
    const msg = new Uint8Array(total);
    msg.set(bytes);
    msg[n] = 0x80;
    const view = new DataView(msg.buffer);
    view.setUint32(total - 8, Math.floor(n / 0x20000000));
    view.setUint32(total - 4, (n * 8) >>> 0);
    const h = new Uint32Array([0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19]);
    const w = new Uint32Array(64);
    const rot = (x, k) => (x >>> k) | (x << (32 - k));
    for (let off = 0; off < total; off += 64) {
      for (let t = 0; t < 16; t++) w[t] = view.getUint32(off + 4 * t);
      for (let t = 16; t < 64; t++) {
        const s0 = rot(w[t - 15], 7) ^ rot(w[t - 15], 18) ^ (w[t - 15] >>> 3);
        const s1 = rot(w[t - 2], 17) ^ rot(w[t - 2], 19) ^ (w[t - 2] >>> 10);
        w[t] = (w[t - 16] + s0 + w[t - 7] + s1) >>> 0;
      }
      let [a, b, c, d, e, f, g, hh] = h;
      for (let t = 0; t < 64; t++) {
        const t1 = (hh + (rot(e, 6) ^ rot(e, 11) ^ rot(e, 25)) + ((e & f) ^ (~e & g)) + K[t] + w[t]) >>> 0;
        const t2 = ((rot(a, 2) ^ rot(a, 13) ^ rot(a, 22)) + ((a & b) ^ (a & c) ^ (b & c))) >>> 0;
        hh = g; g = f; f = e; e = (d + t1) >>> 0; d = c; c = b; b = a; a = (t1 + t2) >>> 0;
      }
      const next = [a, b, c, d, e, f, g, hh];
      for (let i = 0; i < 8; i++) h[i] = (h[i] + next[i]) >>> 0;
    }
    return Array.from(h, x => x.toString(16).padStart(8, "0")).join("");
  }

  // ---- words (scenes/lessonpublish/tryit.py exports them; lessonscript/messages.py reads the same lines) ----

  /** How the script's language writes numbers and picks plural forms (Intl: CLDR's data, as Babel's). */
  function numbersOf(language) {
    try { new Intl.NumberFormat(language); } catch (_) { language = undefined; }  // a tag Intl does not know
    // Grouped from the first thousand, as Babel writes them for the videos (1 234 in Polish too).
    const decimals = new Intl.NumberFormat(language, {minimumFractionDigits: 3, maximumFractionDigits: 3,
                                                      useGrouping: "always"});
    const whole = new Intl.NumberFormat(language, {maximumFractionDigits: 0, useGrouping: "always"});
    const plural = new Intl.PluralRules(language);
    const minus = text => text.replace("-", "−");  // a true minus sign where the language writes a hyphen
    return {
      fmt: x => minus(decimals.format(Math.abs(x) < 0.0005 ? 0 : x)),  // 0.873; never −0.000
      count: n => minus(whole.format(n)),
      category: n => plural.select(Math.abs(n)),
    };
  }

  /** A line of the script with ``values`` put in. A line the build filled is a string; a line the
      page fills is its parts: text, {arg: name}, {hash: true} (a plural's number) and {choice: name,
      kind: "plural" | "select", branches: {key: parts}}. Numbers are written as whole numbers the
      language's way; decimals come already written (numbers.fmt). */
  function say(line, values, numbers, hash) {
    if (typeof line === "string") return line;
    const write = v => (typeof v === "number" ? numbers.count(v) : String(v));
    return line.map(part => {
      if (typeof part === "string") return part;
      if (part.hash) return write(hash);
      const value = values[part.arg !== undefined ? part.arg : part.choice];
      if (value === undefined) throw new Error(`no value for {${part.arg || part.choice}}`);
      if (part.arg !== undefined) return write(value);
      const b = part.branches;
      if (part.kind === "select") return say(b[String(value)] || b.other, values, numbers, hash);
      const n = Number(value), exact = Number.isInteger(n) ? `=${n}` : null;
      return say(b[exact] || b[numbers.category(n)] || b.other, values, numbers, value);
    }).join("");
  }

  // ---- the network (netcore/network.py, netcore/activations.py) --------------------------------

  const ACTIVATIONS = {
    sigmoid: {fn: z => 0.5 * (1 + Math.tanh(0.5 * z)), symbol: "σ", formula: "1 / (1 + e^-z)"},
    relu: {fn: z => Math.max(0, z), symbol: "ReLU", formula: "max(0, z)"},
  };

  /** The network in the data: layers of weights W (n_out rows of n_in), biases b and activation. */
  function makeNetwork(data, params) {
    const sizes = data.sizes, layers = [], words = data.words, numbers = numbersOf(words.language);
    let at = 0;
    for (let l = 1; l < sizes.length; l++) {
      const nIn = sizes[l - 1], nOut = sizes[l];
      const name = data.activations[l - 1];
      if (!ACTIVATIONS[name]) throw new Error(say(words.errorActivation, {activation: name, layer: l}, numbers));
      const W = params.subarray(at, at + nIn * nOut); at += nIn * nOut;
      const b = params.subarray(at, at + nOut); at += nOut;
      layers.push({nIn, nOut, W, b, activation: name});
    }
    if (at !== params.length) throw new Error(say(words.errorSize, {count: params.length, needed: at}, numbers));
    return {sizes, layers, forward: x => forward(layers, x)};
  }

  /** Every weighted sum z and activation a, input to output, as netcore's Trace holds them. */
  function forward(layers, x) {
    const a = [Float64Array.from(x)], z = [null];
    for (const layer of layers) {
      const prev = a[a.length - 1], zs = new Float64Array(layer.nOut), out = new Float64Array(layer.nOut);
      const fn = ACTIVATIONS[layer.activation].fn;
      for (let j = 0; j < layer.nOut; j++) {
        let s = 0;
        const row = j * layer.nIn;
        for (let i = 0; i < layer.nIn; i++) s += layer.W[row + i] * prev[i];
        zs[j] = s + layer.b[j];
        out[j] = fn(zs[j]);
      }
      z.push(zs); a.push(out);
    }
    return {a, z, answer: argmax(a[a.length - 1])};
  }

  function argmax(v) {
    let best = 0;
    for (let i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
    return best;
  }

  // ---- preparing a drawing (netcore/preprocess.py) ----------------------------------------------

  const BOX_FRACTION = 20 / 28;

  /** Python's round(): halves go to the even neighbour. */
  function roundHalfEven(x) {
    const r = Math.round(x);
    return Math.abs(x % 1) === 0.5 ? 2 * Math.round(x / 2) : r;
  }

  /** netcore's nearest_pixel: rounded to 9 decimals first, so a half-pixel tie does not hang on the
      order of a sum. */
  const nearestPixel = x => roundHalfEven(roundHalfEven(x * 1e9) / 1e9);

  const clip = (x, lo, hi) => Math.min(hi, Math.max(lo, x));

  /** A gray image: {rows, cols, v: Float64Array row-major}. */
  function image(rows, cols, v) { return {rows, cols, v: v || new Float64Array(rows * cols)}; }

  function median(values) {
    const s = Float64Array.from(values).sort(), m = s.length >> 1;
    return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
  }

  /** Light ink in [0, 1] on paper 0 whichever way round it was drawn; null when blank. */
  function inkOf(gray) {
    const {rows, cols, v} = gray, border = [];
    for (let c = 0; c < cols; c++) border.push(v[c]);
    for (let c = 0; c < cols; c++) border.push(v[(rows - 1) * cols + c]);
    for (let r = 0; r < rows; r++) border.push(v[r * cols]);
    for (let r = 0; r < rows; r++) border.push(v[r * cols + cols - 1]);
    const paper = median(border), ink = new Float64Array(v.length);
    let peak = 0;
    for (let i = 0; i < v.length; i++) {
      ink[i] = Math.max(0, paper < 0.5 ? v[i] - paper : paper - v[i]);
      peak = Math.max(peak, ink[i]);
    }
    if (peak < 0.1) return null;
    for (let i = 0; i < ink.length; i++) ink[i] /= peak;
    return image(rows, cols, ink);
  }

  /** (nOut x nIn) triangle-filter resampling of one axis, widened when shrinking. */
  function resampleMatrix(nIn, nOut) {
    const scale = nIn / nOut, support = Math.max(scale, 1), m = new Float64Array(nOut * nIn);
    for (let o = 0; o < nOut; o++) {
      const center = (o + 0.5) * scale - 0.5;
      let sum = 0;
      for (let i = 0; i < nIn; i++) {
        const w = Math.max(0, 1 - Math.abs(i - center) / support);
        m[o * nIn + i] = w; sum += w;
      }
      for (let i = 0; i < nIn; i++) m[o * nIn + i] /= sum;
    }
    return m;
  }

  function resize(img, rows, cols) {
    const R = resampleMatrix(img.rows, rows), C = resampleMatrix(img.cols, cols);
    const tmp = new Float64Array(rows * img.cols);  // R @ img
    for (let o = 0; o < rows; o++)
      for (let i = 0; i < img.rows; i++) {
        const w = R[o * img.rows + i];
        if (w === 0) continue;
        for (let c = 0; c < img.cols; c++) tmp[o * img.cols + c] += w * img.v[i * img.cols + c];
      }
    const out = new Float64Array(rows * cols);  // (R @ img) @ C.T
    for (let r = 0; r < rows; r++)
      for (let o = 0; o < cols; o++) {
        let s = 0;
        for (let c = 0; c < img.cols; c++) s += tmp[r * img.cols + c] * C[o * img.cols + c];
        out[r * cols + o] = s;
      }
    return image(rows, cols, out);
  }

  function fitInto(img, boxRows, boxCols) {
    const scale = Math.min(boxRows / img.rows, boxCols / img.cols);
    const rows = Math.min(boxRows, Math.max(1, roundHalfEven(img.rows * scale)));
    const cols = Math.min(boxCols, Math.max(1, roundHalfEven(img.cols * scale)));
    const out = resize(img, rows, cols);
    for (let i = 0; i < out.v.length; i++) out.v[i] = clip(out.v[i], 0, 1);
    return out;
  }

  function crop(img, r0, r1, c0, c1) {
    const out = image(r1 - r0, c1 - c0);
    for (let r = r0; r < r1; r++)
      for (let c = c0; c < c1; c++) out.v[(r - r0) * out.cols + c - c0] = img.v[r * img.cols + c];
    return out;
  }

  function paste(box, rows, cols, top, left) {
    const out = image(rows, cols);
    for (let r = 0; r < box.rows; r++)
      for (let c = 0; c < box.cols; c++) out.v[(top + r) * cols + left + c] = box.v[r * box.cols + c];
    return out;
  }

  function mnistRecipe(ink, rows, cols) {
    let r0 = Infinity, r1 = -1, c0 = Infinity, c1 = -1;
    for (let r = 0; r < ink.rows; r++)
      for (let c = 0; c < ink.cols; c++)
        if (ink.v[r * ink.cols + c] > 0.2) { r0 = Math.min(r0, r); r1 = Math.max(r1, r); c0 = Math.min(c0, c); c1 = Math.max(c1, c); }
    const box = fitInto(crop(ink, r0, r1 + 1, c0, c1 + 1),
                        Math.max(1, roundHalfEven(rows * BOX_FRACTION)), Math.max(1, roundHalfEven(cols * BOX_FRACTION)));
    let total = 0, sr = 0, sc = 0;
    for (let r = 0; r < box.rows; r++)
      for (let c = 0; c < box.cols; c++) { const x = box.v[r * box.cols + c]; total += x; sr += r * x; sc += c * x; }
    const top = clip(nearestPixel((rows - 1) / 2 - sr / total), 0, rows - box.rows);
    const left = clip(nearestPixel((cols - 1) / 2 - sc / total), 0, cols - box.cols);
    return paste(box, rows, cols, top, left);
  }

  function fitRecipe(ink, rows, cols) {
    const box = fitInto(ink, rows, cols);
    return paste(box, rows, cols, (rows - box.rows) >> 1, (cols - box.cols) >> 1);
  }

  /** A gray image (values in [0, 1], either polarity) as the network's input, made by the lesson
      set's recipe exactly as netcore.preprocess.prepare makes it; null when nothing is drawn. */
  function prepare(gray, shape, recipe) {
    const ink = inkOf(gray);
    if (!ink) return null;
    if (recipe === "mnist") return mnistRecipe(ink, shape[0], shape[1]).v;
    if (recipe === "fit") return fitRecipe(ink, shape[0], shape[1]).v;
    throw new Error(`unknown image recipe "${recipe}"`);
  }

  /** A canvas's pixels as gray levels in [0, 1], with Pillow's own RGB-to-L weights. */
  function grayOfCanvas(canvas) {
    const rgba = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
    const v = new Float64Array(canvas.width * canvas.height);
    for (let i = 0; i < v.length; i++)
      v[i] = ((rgba[4 * i] * 19595 + rgba[4 * i + 1] * 38470 + rgba[4 * i + 2] * 7471 + 0x8000) >> 16) / 255;
    return image(canvas.height, canvas.width, v);
  }

  // ---- which neurons to draw (lessonkit.network.neurons_to_show) ------------------------------

  const MAX_SHOWN = 16;

  function neuronsToShow(size, must, scores) {
    if (size <= MAX_SHOWN) return Array.from({length: size}, (_, i) => i);
    const chosen = [...new Set(must)].slice(0, MAX_SHOWN);
    let order;
    if (scores) order = Array.from({length: size}, (_, i) => i).sort((p, q) => scores[q] - scores[p] || p - q);
    else {
      const half = MAX_SHOWN >> 1;
      order = [...Array.from({length: half}, (_, i) => i),
               ...Array.from({length: MAX_SHOWN - half}, (_, i) => size - (MAX_SHOWN - half) + i)];
    }
    for (const k of order) {
      if (chosen.length === MAX_SHOWN) break;
      if (!chosen.includes(k)) chosen.push(k);
    }
    return chosen.sort((p, q) => p - q);
  }

  // ---- the panel ------------------------------------------------------------------------------

  const SVG = "http://www.w3.org/2000/svg";

  function el(tag, attrs, text) {
    const e = tag.startsWith("svg:") ? document.createElementNS(SVG, tag.slice(4)) : document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function fail(root, text) {
    root.replaceChildren(el("p", {class: "tryit-error", role: "alert"}, text));
    root.dataset.state = "error";
  }

  /** Check the data against the page's checksum and build the network; throws a readable Error
      (``missing``: what to say when there is no data, from the page, since the words are in the data). */
  function load(data, expected, missing) {
    if (!data) throw new Error(missing);
    const bytes = decodeBase64(data.weights);
    const actual = sha256(bytes);
    if (expected && actual !== expected)
      throw new Error(say(data.words.errorTampered, {actual: actual.slice(0, 12), expected: expected.slice(0, 12)},
                          numbersOf(data.words.language)));
    return makeNetwork(data, float64s(bytes));
  }

  function Panel(root, data, net) {
    const topic = data.topic, theme = data.theme, [rows, cols] = topic.image_shape;
    const L = net.sizes.length - 1;
    const classes = topic.classes, words = data.words, numbers = numbersOf(words.language), fmt = numbers.fmt;
    const t = (line, values) => say(line, values || {}, numbers);
    const layerName = l => words.layers[l];
    root.replaceChildren();
    root.style.setProperty("--bg", theme.background); root.style.setProperty("--text", theme.text);
    root.style.setProperty("--dim", theme.dim_text); root.style.setProperty("--hl", theme.highlight);
    root.style.setProperty("--pos", theme.positive); root.style.setProperty("--neg", theme.negative);

    // The drawing canvas keeps the image's proportions; 280 pixels on its long side.
    const unit = Math.max(1, Math.floor(280 / Math.max(rows, cols)));
    const canvas = el("canvas", {width: cols * unit, height: rows * unit, class: "tryit-draw",
                                 "aria-label": words.drawArea});
    const ctx = canvas.getContext("2d", {willReadFrequently: true});  // read back after every stroke
    const brush = Math.max(2, Math.round(Math.max(rows, cols) * unit / 14));
    const prepared = el("canvas", {width: cols, height: rows, class: "tryit-input",
                                   role: "img", "aria-label": words.preparedInput});
    const answer = el("p", {class: "tryit-answer"});
    const live = el("p", {class: "tryit-live", "aria-live": "polite"});
    const clear = el("button", {type: "button"}, words.clear);
    const samples = el("div", {class: "tryit-samples", role: "group", "aria-label": words.samplesGroup});
    const svg = el("svg:svg", {class: "tryit-net", viewBox: "0 0 900 440", role: "group",
                               "aria-label": words.networkGroup});
    const info = el("div", {class: "tryit-info", "aria-live": "polite"});
    const grid = el("canvas", {width: cols, height: rows, class: "tryit-weights", role: "img"});
    const gridCaption = el("figcaption", {});
    const gridBox = el("figure", {class: "tryit-grid", hidden: ""});
    gridBox.append(grid, gridCaption);
    const table = el("table", {class: "tryit-outputs"});

    const left = el("div", {class: "tryit-left"});
    left.append(el("p", {class: "tryit-hint"}, words.drawHint), canvas,
                el("div", {class: "tryit-buttons"}, undefined));
    left.lastChild.append(clear);
    const middle = el("div", {class: "tryit-middle"});
    middle.append(el("p", {class: "tryit-hint"}, words.sees),
                  prepared, answer, live);
    const top = el("div", {class: "tryit-top"});
    top.append(left, middle);
    const details = el("div", {class: "tryit-details"});
    details.append(info, gridBox);
    root.append(top, el("p", {class: "tryit-hint"}, words.samplesHint), samples, svg, details, table);

    // -- sample items
    const sampleImages = data.samples ? decodeBase64(data.samples.images) : new Uint8Array(0);
    const nSamples = data.samples ? data.samples.labels.length : 0;
    const sampleInput = i => Float64Array.from(sampleImages.subarray(i * rows * cols, (i + 1) * rows * cols), x => x / 255);
    for (let i = 0; i < nSamples; i++) {
      const b = el("button", {type: "button", "data-sample": i, "aria-label": words.samples[i]});
      const thumb = el("canvas", {width: cols, height: rows});
      paintGray(thumb, sampleInput(i), rows, cols, theme.paper, theme.ink);
      b.append(thumb);
      b.addEventListener("click", () => pickSample(i));
      samples.append(b);
    }

    // -- the network drawing, in the videos' look
    const inputScores = new Float64Array(net.sizes[0]);  // input neurons with the strongest weights
    const W1 = net.layers[0];
    for (let j = 0; j < W1.nOut; j++) for (let i = 0; i < W1.nIn; i++) inputScores[i] += Math.abs(W1.W[j * W1.nIn + i]);
    let shown = [], circles = [], focus = {l: L, k: 0}, trace = null;

    function layout(answerIndex) {
      shown = net.sizes.map((size, l) => neuronsToShow(size, l === L ? [answerIndex] : [], l === 0 ? inputScores : null));
      svg.replaceChildren();
      const x0 = 70, x1 = 900 - 170, dx = (x1 - x0) / Math.max(1, L), top = 20, height = 360;
      const r = Math.min(11, height / (2.3 * MAX_SHOWN));
      const pos = shown.map((ks, l) => ks.map((k, i) => {
        const gaps = ks.length - 1 + (net.sizes[l] > ks.length ? 1 : 0);
        const gap = Math.min(3 * r, height / Math.max(1, gaps));
        const span = gap * gaps;
        const extra = net.sizes[l] > ks.length && i >= ks.length / 2 ? gap : 0;
        return [x0 + l * dx, top + height / 2 - span / 2 + i * gap + extra];
      }));
      const edges = el("svg:g", {class: "tryit-edges"});
      for (let l = 1; l <= L; l++) {
        const layer = net.layers[l - 1];
        let scale = 0;
        for (const j of shown[l]) for (const i of shown[l - 1]) scale = Math.max(scale, Math.abs(layer.W[j * layer.nIn + i]));
        scale = scale || 1;
        shown[l].forEach((j, jj) => shown[l - 1].forEach((i, ii) => {
          const w = layer.W[j * layer.nIn + i], frac = Math.min(1, (Math.floor(Math.abs(w) / scale * 6) + 1) / 6);
          edges.append(el("svg:line", {x1: pos[l - 1][ii][0] + r, y1: pos[l - 1][ii][1], x2: pos[l][jj][0] - r, y2: pos[l][jj][1],
                                       stroke: w >= 0 ? theme.positive : theme.negative,
                                       "stroke-width": (0.4 + theme.edge_max_width * frac) * 0.6,
                                       "stroke-opacity": 0.15 + (theme.edge_max_opacity - 0.15) * frac}));
        }));
      }
      svg.append(edges);
      circles = shown.map((ks, l) => ks.map((k, i) => {
        const g = el("svg:g", {class: "tryit-neuron", tabindex: "-1", role: "button", "data-layer": l, "data-neuron": k});
        const c = el("svg:circle", {cx: pos[l][i][0], cy: pos[l][i][1], r, stroke: theme.neuron_stroke,
                                    "stroke-width": 1.5, fill: theme.neuron_on, "fill-opacity": 0});
        g.append(c);
        if (l === L) g.append(el("svg:text", {x: pos[l][i][0] + r + 8, y: pos[l][i][1] + 4, class: "tryit-class"}, classes[k]));
        g.addEventListener("mouseenter", () => select(l, i, false));
        g.addEventListener("focus", () => select(l, i, false));
        g.addEventListener("click", () => select(l, i, true));
        svg.append(g);
        return g;
      }));
      shown.forEach((ks, l) => {
        const x = pos[l][0][0];
        if (net.sizes[l] > ks.length) {
          const mid = pos[l][ks.length >> 1][1] - Math.min(3 * r, height / ks.length) / 2 - r * 0.2;
          svg.append(el("svg:text", {x, y: mid, class: "tryit-dots", "text-anchor": "middle"}, "⋮"));
        }
        svg.append(el("svg:text", {x, y: top + height + 34, class: "tryit-size", "text-anchor": "middle"},
                      numbers.count(net.sizes[l])));
        svg.append(el("svg:text", {x, y: top + height + 54, class: "tryit-layer", "text-anchor": "middle"}, words.columns[l]));
      });
      svg.append(el("svg:rect", {class: "tryit-marker", fill: "none", stroke: theme.highlight, "stroke-width": 2.5, rx: 4}));
      svg.append(el("svg:text", {class: "tryit-marker-value", fill: theme.highlight}));
      const f = circles[focus.l][Math.min(focus.i || 0, circles[focus.l].length - 1)];
      f.setAttribute("tabindex", "0");
    }

    // -- numbers of one neuron
    function describe(l, k) {
      const a = trace.a[l][k];
      if (l === 0) {
        const r = Math.floor(k / cols), c = k % cols;
        return {text: t(words.neuronInput, {neuron: k + 1, count: net.sizes[0], row: r + 1, column: c + 1, a: fmt(a)})};
      }
      const layer = net.layers[l - 1], act = ACTIVATIONS[layer.activation];
      const who = l === L ? t(words.neuronOutput, {class_name: classes[k]})
        : t(words.neuronHidden, {neuron: k + 1, count: net.sizes[l], layer: layerName(l)});
      return {text: t(words.neuronNumbers, {who, inputs: layer.nIn, previous: layerName(l - 1), z: fmt(trace.z[l][k]),
                                            b: fmt(layer.b[k]), symbol: act.symbol, a: fmt(a)})};
    }

    function select(l, i, announce) {
      circles.flat().forEach(g => g.setAttribute("tabindex", "-1"));
      circles[l][i].setAttribute("tabindex", "0");
      circles.flat().forEach(g => g.classList.remove("selected"));
      circles[l][i].classList.add("selected");
      focus = {l, i, k: shown[l][i]};
      showInfo();
      if (announce) live.textContent = info.textContent;
    }

    function showInfo() {
      if (!trace) return;
      const {l, k} = focus;
      info.textContent = describe(l, k).text;
      gridBox.hidden = l !== 1;
      if (l === 1) {
        const layer = net.layers[0], w = layer.W.subarray(k * layer.nIn, (k + 1) * layer.nIn);
        paintWeights(grid, w, theme);
        gridCaption.textContent = words.weightsCaption;
        grid.setAttribute("aria-label", t(words.weightsGrid, {neuron: k + 1, count: layer.nIn, rows, cols,
                                                              positive: words.positive, negative: words.negative}));
      }
    }

    svg.addEventListener("keydown", e => {
      let {l, i} = focus;
      i = i || 0;
      if (e.key === "ArrowUp") i = Math.max(0, i - 1);
      else if (e.key === "ArrowDown") i = Math.min(circles[l].length - 1, i + 1);
      else if (e.key === "ArrowLeft" && l > 0) { l -= 1; i = Math.min(i, circles[l].length - 1); }
      else if (e.key === "ArrowRight" && l < L) { l += 1; i = Math.min(i, circles[l].length - 1); }
      else return;
      e.preventDefault();
      circles[l][i].focus();
      select(l, i, true);
    });

    // -- showing a forward pass
    let input = null;
    function show(x, announce) {
      input = x;
      if (!x) {
        trace = null; answer.textContent = words.nothing; table.replaceChildren();
        paintGray(prepared, new Float64Array(rows * cols), rows, cols, theme.paper, theme.ink);
        circles.flat().forEach(g => g.firstChild.setAttribute("fill-opacity", 0));
        svg.querySelector(".tryit-marker").setAttribute("visibility", "hidden");
        svg.querySelector(".tryit-marker-value").textContent = "";
        root.dataset.answer = ""; info.textContent = "";
        return;
      }
      trace = net.forward(x);
      if (!shown.length || (net.sizes[L] > MAX_SHOWN && !shown[L].includes(trace.answer))) layout(trace.answer);
      paintGray(prepared, x, rows, cols, theme.paper, theme.ink);
      shown.forEach((ks, l) => ks.forEach((k, i) => {
        const a = trace.a[l][k];
        const g = circles[l][i];
        g.firstChild.setAttribute("fill-opacity", clip(a, 0, 1));
        g.setAttribute("aria-label", l === L ? t(words.labelOutput, {class_name: classes[k], a: fmt(a)})
          : t(words.labelNeuron, {layer: layerName(l), neuron: k + 1, a: fmt(a)}));
      }));
      const out = trace.a[L], best = trace.answer;
      const i = shown[L].indexOf(best), c = circles[L][i].firstChild, label = circles[L][i].lastChild;
      const cx = +c.getAttribute("cx"), cy = +c.getAttribute("cy"), r = +c.getAttribute("r");
      const box = svg.querySelector(".tryit-marker"), value = svg.querySelector(".tryit-marker-value");
      const w = label.getComputedTextLength ? label.getComputedTextLength() : 30;
      box.setAttribute("visibility", "visible");
      box.setAttribute("x", cx - r - 4); box.setAttribute("y", cy - r - 4);
      box.setAttribute("width", 2 * r + 16 + w); box.setAttribute("height", 2 * r + 8);
      value.setAttribute("x", cx + 2 * r + 16 + w); value.setAttribute("y", cy + 4);
      value.textContent = fmt(out[best]);
      answer.textContent = t(words.answer, {answer: classes[best], value: fmt(out[best])});
      root.dataset.answer = String(best);
      table.replaceChildren(el("caption", {}, words.outputsCaption));
      out.forEach((v, k) => {
        const tr = el("tr", k === best ? {class: "best"} : {});
        const bar = el("td", {class: "bar"});
        bar.append(el("span", {style: `width:${(clip(v, 0, 1) * 100).toFixed(1)}%`}));
        tr.append(el("th", {scope: "row"}, classes[k]), el("td", {}, fmt(v)), bar);
        table.append(tr);
      });
      showInfo();
      if (announce) live.textContent = answer.textContent;  // once a stroke ends, not at every move
    }

    function pickSample(i) {
      const x = sampleInput(i);
      paintGray(canvas, x, rows, cols, theme.paper, theme.ink);
      show(x, true);
      root.dataset.sample = String(i);
    }

    // -- drawing with a mouse, finger or pen (pointer events cover all three)
    let drawing = null, pending = false;
    function fresh() {
      ctx.fillStyle = theme.paper; ctx.fillRect(0, 0, canvas.width, canvas.height);
    }
    function at(e) {
      const rect = canvas.getBoundingClientRect();
      return [(e.clientX - rect.left) * canvas.width / rect.width, (e.clientY - rect.top) * canvas.height / rect.height];
    }
    function update(announce) {
      const x = prepare(grayOfCanvas(canvas), topic.image_shape, topic.recipe);
      show(x, announce);
    }
    function schedule() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; update(false); });
    }
    canvas.addEventListener("pointerdown", e => {
      e.preventDefault();
      delete root.dataset.sample;
      try { canvas.setPointerCapture(e.pointerId); } catch (_) { /* a pointer the browser does not track */ }
      drawing = at(e);
      ctx.strokeStyle = theme.ink; ctx.fillStyle = theme.ink; ctx.lineWidth = brush; ctx.lineCap = "round"; ctx.lineJoin = "round";
      ctx.beginPath(); ctx.arc(drawing[0], drawing[1], brush / 2, 0, 2 * Math.PI); ctx.fill();
      schedule();
    });
    canvas.addEventListener("pointermove", e => {
      if (!drawing) return;
      const p = at(e);
      ctx.beginPath(); ctx.moveTo(drawing[0], drawing[1]); ctx.lineTo(p[0], p[1]); ctx.stroke();
      drawing = p;
      schedule();
    });
    const end = () => { if (drawing) { drawing = null; update(true); } };
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    clear.addEventListener("click", () => { fresh(); delete root.dataset.sample; show(null, true); });

    fresh();
    layout(0);
    const first = Math.min(Math.max(0, data.first_sample || 0), nSamples - 1);
    if (nSamples) pickSample(first); else show(null, false);
    select(L, shown[L].indexOf(trace ? trace.answer : 0), false);
    root.dataset.state = "ready";
    return {canvas, update, pickSample, get trace() { return trace; }, get input() { return input; }};
  }

  /** Gray values (m rows x n cols, ink = 1) painted over the whole canvas in the theme's ink and paper. */
  function paintGray(canvas, values, m, n, paper, ink) {
    const c = canvas.getContext("2d"), w = canvas.width, h = canvas.height;
    const img = c.createImageData(n, m), p = rgb(paper), q = rgb(ink);
    for (let i = 0; i < values.length; i++) {
      const t = clip(values[i], 0, 1);
      for (let ch = 0; ch < 3; ch++) img.data[4 * i + ch] = Math.round(p[ch] + (q[ch] - p[ch]) * t);
      img.data[4 * i + 3] = 255;
    }
    if (n === w && m === h) { c.putImageData(img, 0, 0); return; }
    const small = document.createElement("canvas");
    small.width = n; small.height = m;
    small.getContext("2d").putImageData(img, 0, 0);
    c.imageSmoothingEnabled = false;
    c.drawImage(small, 0, 0, w, h);
  }

  function paintWeights(canvas, w, theme) {
    const c = canvas.getContext("2d"), img = c.createImageData(canvas.width, canvas.height);
    let scale = 0;
    for (const x of w) scale = Math.max(scale, Math.abs(x));
    scale = scale || 1;
    const bg = rgb(theme.background), pos = rgb(theme.positive), neg = rgb(theme.negative);
    for (let i = 0; i < w.length; i++) {
      const t = Math.abs(w[i]) / scale, col = w[i] >= 0 ? pos : neg;
      for (let ch = 0; ch < 3; ch++) img.data[4 * i + ch] = Math.round(bg[ch] + (col[ch] - bg[ch]) * t);
      img.data[4 * i + 3] = 255;
    }
    c.putImageData(img, 0, 0);
  }

  function rgb(hex) {
    const h = hex.replace("#", "");
    return [0, 2, 4].map(i => parseInt(h.slice(i, i + 2), 16));
  }

  function start() {
    const api = {sha256, decodeBase64, float64s, makeNetwork, forward, prepare, grayOfCanvas, neuronsToShow, load,
                 roundHalfEven, say, numbersOf, panels: []};
    window.TryIt = api;
    document.querySelectorAll(".tryit").forEach(root => {
      try {
        const net = load(window.TRYIT_DATA, root.dataset.weightsSha256, root.dataset.missing);
        api.network = net;
        api.panels.push(Panel(root, window.TRYIT_DATA, net));
      } catch (e) {
        fail(root, e.message);
      }
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
