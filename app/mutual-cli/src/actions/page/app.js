// The mutual's page: plain JavaScript modules, no build step. Every string from the chain goes into the page as
// text (textContent), never as markup; links are kept only when they are http(s) or ipfs. The page reads the
// chain through the server's JSON API (/api/...) and buys and votes through its actions, whose transactions the
// connected wallet signs and sends; it never decodes an account.
import { connect, fromBase58, signAndSend, watchWallets } from './wallet.js';

/** An element with attributes and children (strings become text nodes). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  for (const child of children) node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return node;
}

const SVG = 'http://www.w3.org/2000/svg';
function svg(tag, attributes = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  return node;
}

/** A link only for http(s) and ipfs URIs; anything else (javascript:, data:, markup) is shown as inert text. */
export function safeLink(uri) {
  let scheme = '';
  try { scheme = new URL(uri).protocol; } catch { scheme = ''; }
  if (scheme === 'https:' || scheme === 'http:' || scheme === 'ipfs:') {
    return el('a', { href: uri, rel: 'noopener noreferrer', target: '_blank' }, uri);
  }
  return el('span', { class: 'inert-uri' }, uri);
}

/** Base units as a decimal string, trailing zeros trimmed. */
export function units(amount, decimals) {
  const text = BigInt(amount).toString().padStart(decimals + 1, '0');
  const whole = text.slice(0, text.length - decimals);
  const fraction = text.slice(text.length - decimals).replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : whole;
}

/** A span of seconds as the CLI shows it: "2d 23h 59m", "4h 0m", "59s". */
export function duration(seconds) {
  const s = Math.max(0, seconds);
  const days = Math.floor(s / 86400);
  const hours = Math.floor((s % 86400) / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  if (days > 0) return `${days}d ${hours}h ${minutes}m`;
  if (hours > 0) return `${hours}h ${minutes}m`;
  if (minutes > 0) return `${minutes}m`;
  return `${s}s`;
}

const percent = (bps) => `${(bps / 100).toFixed(2)}%`;
const count = (n, noun) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** A JSON answer of the server, or its refusal's message as an Error. */
async function api(path, init) {
  const response = await fetch(path, init);
  const text = await response.text();
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    // Refusals below the actions (a body too large, a path that does not parse) come as plain text.
    throw new Error(text || `${response.status} ${response.statusText}`);
  }
  if (!response.ok) throw new Error(body.message ?? response.statusText);
  return body;
}

// The connected wallet, its account and the chain wallets are asked to send on (from /api/cluster).
const session = { wallet: null, account: null, chain: 'solana:localnet', periods: [], defaultPeriod: 30 };

/** Each pool's free capacity as a bar, with its price. */
function poolBars(product) {
  const rowHeight = 22;
  const height = Math.max(1, product.pools.length) * rowHeight;
  const chart = svg('svg', { class: 'pools', viewBox: `0 0 300 ${height}`, role: 'img' });
  const most = Math.max(1, ...product.pools.map((p) => p.free));
  const label = product.pools
    .map((p) => `pool ${p.pool}: ${percent(p.price_bps)} a year, ${units(p.free, product.base_decimals)} USDC free`)
    .join('; ');
  chart.setAttribute('aria-label', label || 'no pool lists this product');
  product.pools.forEach((p, i) => {
    const y = i * rowHeight;
    chart.append(svg('rect', { class: 'track', x: 110, y: y + 5, width: 180, height: 12, rx: 3 }));
    chart.append(svg('rect', { class: 'bar', x: 110, y: y + 5, width: Math.round((180 * p.free) / most), height: 12, rx: 3 }));
    const text = svg('text', { x: 0, y: y + 15 });
    text.textContent = `#${p.pool} ${percent(p.price_bps)}/yr`;
    chart.append(text);
  });
  return chart;
}

/** Each pool's price over the next days if nobody buys: a bump decaying back to its target. */
function priceDecay(product) {
  const [width, height, pad] = [300, 90, 16];
  const chart = svg('svg', { class: 'decay', viewBox: `0 0 ${width} ${height}`, role: 'img' });
  const prices = product.pools.flatMap((p) => p.decay);
  if (prices.length === 0) return chart;
  const [low, high] = [Math.min(...prices), Math.max(...prices)];
  const span = Math.max(1, high - low);
  const x = (day, days) => pad + ((width - 2 * pad) * day) / Math.max(1, days - 1);
  const y = (bps) => height - pad - ((height - 2 * pad) * (bps - low)) / span;
  chart.setAttribute(
    'aria-label',
    product.pools
      .map((p) => `pool ${p.pool}: ${percent(p.decay[0])} now, ${percent(p.decay[p.decay.length - 1])} in ${p.decay.length - 1} days, target ${percent(p.target_bps)}`)
      .join('; '),
  );
  for (const p of product.pools) {
    const points = p.decay.map((bps, day) => `${x(day, p.decay.length).toFixed(1)},${y(bps).toFixed(1)}`).join(' ');
    chart.append(svg('polyline', { class: 'price', points }));
    chart.append(svg('line', { class: 'target', x1: pad, x2: width - pad, y1: y(p.target_bps), y2: y(p.target_bps) }));
  }
  const caption = svg('text', { x: pad, y: 12 });
  caption.textContent = `price over the next ${product.pools[0].decay.length} days if nobody buys`;
  chart.append(caption);
  return chart;
}

function select(name, label, options) {
  const field = el('select', { name });
  for (const [value, text, selected] of options) {
    const option = el('option', { value }, text);
    option.selected = selected;
    field.append(option);
  }
  return el('label', {}, `${label} `, field);
}

/** The buy form of a product: a quote as the amount is typed, a recommended amount from an exposure, and the buy. */
function buyForm(product) {
  const form = el('form', { class: 'buy', 'data-product': product.id });
  const asset = product.assets.find((a) => a.base) ?? product.assets[0];
  const amount = el('input', { name: 'amount', type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '1000' });
  const exposure = el('input', { name: 'exposure', type: 'text', inputmode: 'decimal', autocomplete: 'off', placeholder: '5000' });
  const quote = el('p', { class: 'quote', role: 'status', 'aria-live': 'polite' });
  const recommendation = el('p', { class: 'recommendation', role: 'status', 'aria-live': 'polite' });
  const useIt = el('button', { type: 'button', class: 'use-recommendation', disabled: '' }, 'Use this amount');
  const buy = el('button', { type: 'submit', class: 'buy-button', disabled: '' }, 'Buy cover');
  const status = el('p', { class: 'buy-status', role: 'status', 'aria-live': 'polite' });
  const unit = el('span', { class: 'unit' }, asset?.name ?? 'USDC');
  form.append(
    el('label', {}, el('span', {}, 'Cover amount (', unit, ')'), amount),
    select('period', 'Period', session.periods.map((d) => [String(d), `${d} days`, d === session.defaultPeriod])),
    select('asset', 'Asset', product.assets.map((a) => [a.mint, a.name, a === asset])),
    quote,
    el('details', {}, el('summary', {}, 'Size it from your exposure'),
      el('label', {}, 'What you have at stake in it ', exposure), recommendation, useIt),
    buy,
    status,
  );
  const order = () => {
    const data = new FormData(form);
    return { amount: data.get('amount').trim(), period: data.get('period'), asset: data.get('asset') };
  };
  let quoted = 0;
  let recommended = null;
  const refreshQuote = async () => {
    const ticket = ++quoted;
    const { amount: typed, period, asset: mint } = order();
    buy.disabled = true;
    if (typed === '') {
      quote.textContent = '';
      return;
    }
    try {
      const q = await api(`/api/quote/${product.id}?${new URLSearchParams({ amount: typed, period, asset: mint })}`);
      if (ticket !== quoted) return;
      const parts = q.pools.map((p) => `pool ${p.pool}: ${p.amount.uiAmountString} at ${percent(p.price_bps)}`).join(', ');
      quote.textContent = `Premium ${q.premium.uiAmountString} ${q.asset_name} for ${q.period_days} days (${parts}); at most ${q.max_premium.uiAmountString} with ${q.slippage_bps / 100}% slippage`;
      quote.dataset.premium = q.premium.amount;
      buy.disabled = session.account === null;
    } catch (e) {
      if (ticket !== quoted) return;
      quote.textContent = e.message;
      delete quote.dataset.premium;
    }
  };
  const refreshRecommendation = async () => {
    const { period, asset: mint } = order();
    const typed = exposure.value.trim();
    useIt.disabled = true;
    recommended = null;
    if (typed === '') {
      recommendation.textContent = '';
      return;
    }
    try {
      const r = await api(`/api/recommend/${product.id}?${new URLSearchParams({ exposure: typed, period, asset: mint })}`);
      recommended = r.amount.uiAmountString;
      const price = r.quote ? `for a premium of ${r.quote.premium.uiAmountString} ${r.asset_name}` : `but ${r.refusal}`;
      recommendation.textContent = `Risk score ${r.score}/100: cover ${r.share_bps / 100}% of it, ${recommended} ${r.asset_name}, ${price}`;
      useIt.disabled = false;
    } catch (e) {
      recommendation.textContent = e.message;
    }
  };
  let timer;
  const soon = (fn) => () => {
    clearTimeout(timer);
    timer = setTimeout(fn, 200);
  };
  // A typed amount is not bought until its own quote is shown.
  amount.addEventListener('input', () => { buy.disabled = true; });
  amount.addEventListener('input', soon(refreshQuote));
  form.querySelector('select[name=period]').addEventListener('change', () => { refreshQuote(); refreshRecommendation(); });
  form.querySelector('select[name=asset]').addEventListener('change', (event) => {
    unit.textContent = product.assets.find((a) => a.mint === event.target.value)?.name ?? '';
    refreshQuote();
    refreshRecommendation();
  });
  exposure.addEventListener('input', soon(refreshRecommendation));
  useIt.addEventListener('click', () => {
    if (recommended === null) return;
    amount.value = recommended;
    refreshQuote();
    amount.focus();
  });
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    buy.disabled = true;
    try {
      status.textContent = 'Building the purchase…';
      const landed = await runAction(`/api/actions/cover/${product.id}`, order(), (m) => { status.textContent = m; });
      status.textContent = `Cover bought: ${landed}`;
      status.dataset.done = 'bought';
      // What follows only redraws: a failure here must not read as a failed purchase.
      await Promise.allSettled([loadCovers(), refreshQuote(), redrawPools(product.id)]);
    } catch (e) {
      status.textContent = e.message;
      status.dataset.done = 'failed';
      buy.disabled = session.account === null;
    }
  });
  form.refreshQuote = refreshQuote;
  return form;
}

/** What is drawn of a product's pools: capacity bars and the price's decay, or a line saying none lists it. */
function charts(product) {
  if (product.pools.length === 0) return [el('p', { class: 'no-pools' }, 'No pool lists it yet.')];
  return [poolBars(product), priceDecay(product)];
}

/** Redraws a product's pools as the chain has them now (after a purchase bumped its price and took capacity). */
async function redrawPools(id) {
  const product = (await api('/api/products')).find((p) => p.id === id);
  const card = document.querySelector(`li.product[data-product="${id}"]`);
  if (!product || !card) return;
  for (const old of card.querySelectorAll('svg.pools, svg.decay, .no-pools')) old.remove();
  card.querySelector('ul.signals').after(...charts(product));
}

function productCard(product) {
  const score = el('span', { class: product.score >= 50 ? 'score high' : 'score' }, `${product.score}/100`);
  const signals = el(
    'ul',
    { class: 'signals' },
    el('li', {}, `${product.audits} audits, ${product.open_critical} open critical and ${product.open_high} open high findings`),
    el('li', {}, `${product.incidents} incidents`),
    el('li', {}, product.broken_promises === 0
      ? 'admin keys can do no more than promised'
      : `admin keys can do more than promised (${product.broken_promises}/20 of the score)`),
  );
  const wording = el('p', {}, 'Wording: ', safeLink(product.wording_uri));
  const card = el(
    'li',
    { class: 'product', 'data-product': product.id },
    el('h3', {}, product.name),
    el('p', {}, `${product.risk_class} risk · score `, score, product.deprecated ? ' · deprecated' : ''),
    signals,
    ...charts(product),
    wording,
  );
  if (!product.deprecated && product.assets.length > 0 && product.pools.length > 0) card.append(buyForm(product));
  return card;
}

async function loadCatalogue() {
  const status = document.getElementById('catalogue-status');
  try {
    const products = await api('/api/products');
    document.getElementById('catalogue').replaceChildren(...products.map(productCard));
    status.textContent = count(products.length, 'product');
  } catch (e) {
    status.textContent = `The products could not be loaded: ${e.message}`;
  }
}

/** Waits for `signature` to land; returns, or throws with the chain's reason. */
async function landed(signature) {
  for (let i = 0; i < 120; i++) {
    const { status, error } = await api(`/api/signature/${signature}`);
    if (status === 'confirmed') return;
    if (status === 'failed') throw new Error(`The transaction failed: ${error}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`Transaction ${signature} has not landed after a minute`);
}

/** POSTs the action at `path` for the connected account, has the wallet sign and send each transaction it returns
 * (following `links.next` while it chains, as a join before a purchase does), and returns the last message. */
async function runAction(path, data, progress) {
  if (session.account === null) throw new Error('Connect a wallet first.');
  let next = path;
  let message = '';
  for (let step = 0; step < 3 && next; step++) {
    const answer = await api(next, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ account: session.account.address, data }),
    });
    progress(`Approve in ${session.wallet.name}: ${answer.message}`);
    const signature = await signAndSend(session.wallet, session.account, session.chain, answer.transaction);
    progress(`Sent ${signature.slice(0, 8)}…; waiting for it to land`);
    await landed(signature);
    message = answer.message;
    // A chained action (a join first) is the same action again once this one has landed.
    next = answer.links?.next ? path : null;
  }
  if (next) throw new Error(`${message}: the rest did not follow; try again`);
  return message;
}

async function loadCovers() {
  const status = document.getElementById('covers-status');
  const table = document.getElementById('covers');
  if (session.account === null) {
    status.textContent = 'Connect a wallet to see its covers.';
    table.hidden = true;
    return;
  }
  try {
    const covers = await api(`/api/covers?${new URLSearchParams({ owner: session.account.address })}`);
    const rows = covers.map((c) => el(
      'tr',
      { 'data-cover': c.address },
      el('td', {}, `${c.product_name} #${c.seq}`),
      el('td', {}, `${c.amount.uiAmountString} ${c.asset_name}`),
      el('td', {}, c.active ? 'active' : 'ended'),
      el('td', {}, new Date(c.end * 1000).toISOString().slice(0, 10)),
      el('td', {}, c.claim ? `claim ${c.claim.state}` : 'no claim'),
    ));
    table.querySelector('tbody').replaceChildren(...rows);
    table.hidden = covers.length === 0;
    status.textContent = covers.length === 0 ? 'This wallet holds no cover yet.' : count(covers.length, 'cover');
  } catch (e) {
    status.textContent = `The covers could not be loaded: ${e.message}`;
  }
}

/** A claim's tally (accept, deny, against the quorum) and the time its phase has left. */
function tallyChart(claim) {
  const chart = svg('svg', { class: 'tally', viewBox: '0 0 300 64', role: 'img' });
  const elapsed = Math.max(0, claim.now - claim.submitted_at);
  const total = Math.max(1, elapsed + claim.time_left);
  const label = (text, y) => {
    const node = svg('text', { x: 10, y });
    node.textContent = text;
    chart.append(node);
  };
  if (claim.accept === null) {
    chart.setAttribute('aria-label', `tally hidden until the reveal; ${duration(claim.time_left)} left in ${claim.state}`);
    label('tally hidden until the reveal', 17);
  } else {
    const [accept, deny, quorum] = [claim.accept, claim.deny, claim.quorum].map((a) => Number(BigInt(a.amount) / 1000000n));
    const scale = 280 / Math.max(1, accept + deny, quorum);
    chart.append(svg('rect', { class: 'accept', x: 10, y: 6, height: 14, width: accept * scale }));
    chart.append(svg('rect', { class: 'deny', x: 10 + accept * scale, y: 6, height: 14, width: deny * scale }));
    chart.append(svg('line', { class: 'quorum', x1: 10 + quorum * scale, x2: 10 + quorum * scale, y1: 2, y2: 24 }));
    chart.setAttribute(
      'aria-label',
      `accept ${claim.accept.uiAmountString} MUT, deny ${claim.deny.uiAmountString} MUT, quorum ${claim.quorum.uiAmountString} MUT; ${duration(claim.time_left)} left in ${claim.state}`,
    );
  }
  chart.append(svg('rect', { class: 'track', x: 10, y: 32, height: 10, width: 280 }));
  chart.append(svg('rect', { class: 'elapsed', x: 10, y: 32, height: 10, width: (280 * elapsed) / total }));
  label(`${duration(claim.time_left)} left in ${claim.state}`, 58);
  return chart;
}

const saltKey = (claim, voter) => `mutual-salt:${claim}:${voter}`;

/** The salt file the CLI's `mutual vote reveal --salt-file` reads too. */
function saltLink(saved) {
  const blob = new Blob([JSON.stringify(saved, null, 2)], { type: 'application/json' });
  return el('a', { href: URL.createObjectURL(blob), download: `salt-${saved.claim}.json`, class: 'salt-download' }, 'Download your salt');
}

const hex = (bytes) => [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');

/** sha256(choice ‖ salt ‖ voter ‖ claim), as the program's `Vote::commitment`. */
async function commitment(accept, salt, voter, claim) {
  const message = new Uint8Array([accept ? 1 : 0, ...salt, ...voter, ...claim]);
  return hex(new Uint8Array(await crypto.subtle.digest('SHA-256', message)));
}

function claimCard(claim, note) {
  const status = el('p', { class: 'vote-status', role: 'status', 'aria-live': 'polite' });
  const card = el(
    'li',
    { class: 'claim', 'data-claim': claim.address },
    el('h3', {}, `${claim.product_name}: ${claim.amount.uiAmountString} ${claim.asset_name}`),
    el('p', {}, `${claim.state}${claim.commit_reveal ? ' (commit-reveal)' : ''}, ${duration(claim.time_left)} left`),
    el('p', {}, 'Evidence: ', safeLink(claim.evidence_uri)),
    el('p', {}, 'Wording: ', safeLink(claim.wording_uri)),
    tallyChart(claim),
  );
  const buttons = el('div', { class: 'vote-buttons' });
  const vote = async (data, done) => {
    try {
      const message = await runAction(`/api/actions/vote/${claim.address}`, data, (m) => { status.textContent = m; });
      // The claim again as the chain now has it (its tally moved), with what was done.
      await loadClaims({ [claim.address]: { text: done(message), done: 'voted' } });
    } catch (e) {
      status.textContent = e.message;
      status.dataset.done = 'failed';
      for (const b of buttons.querySelectorAll('button')) b.disabled = false;
    }
  };
  const button = (label, action) => {
    const b = el('button', { type: 'button' }, label);
    b.addEventListener('click', () => {
      // Off at the click, before anything awaits: one click, one transaction.
      for (const other of buttons.querySelectorAll('button')) other.disabled = true;
      action();
    });
    return b;
  };
  const voter = session.account?.address;
  // The salt of this wallet's hidden vote on this claim, if it committed from this browser (or loaded its file).
  const key = voter && saltKey(claim.address, voter);
  const saved = key && localStorage.getItem(key);
  if (voter && claim.voting && !claim.commit_reveal && claim.my_vote === null) {
    buttons.append(
      button('Accept', () => vote({ choice: 'accept' }, (m) => `Vote recorded: ${m}`)),
      button('Deny', () => vote({ choice: 'deny' }, (m) => `Vote recorded: ${m}`)),
    );
  }
  if (voter && claim.voting && claim.commit_reveal && claim.my_vote === null) {
    // A salt once kept is never replaced or dropped: a commitment sent with it may land at any time, and only that
    // salt reveals it. Committing again with a kept salt sends the same commitment.
    const commit = (accept) => async () => {
      const kept = saved
        ? JSON.parse(saved)
        : { claim: claim.address, voter, choice: accept ? 'accept' : 'deny', salt: hex(crypto.getRandomValues(new Uint8Array(32))) };
      if (!saved) localStorage.setItem(key, JSON.stringify(kept));
      const salt = Uint8Array.from(kept.salt.match(/../g), (byte) => parseInt(byte, 16));
      const hidden = await commitment(kept.choice === 'accept', salt, fromBase58(voter), fromBase58(claim.address));
      await vote({ commitment: hidden }, (m) => `Vote committed: ${m}`);
    };
    if (saved) {
      const { choice } = JSON.parse(saved);
      buttons.append(button(`Send my commitment (${choice}) again`, commit(choice === 'accept')));
    } else {
      buttons.append(button('Commit accept', commit(true)), button('Commit deny', commit(false)));
    }
  }
  if (saved && claim.state === 'reveal' && claim.my_vote === 'hidden') {
    const { choice, salt } = JSON.parse(saved);
    buttons.append(button(`Reveal my vote (${choice})`, () => vote({ choice, salt }, (m) => `Vote revealed: ${m}`)));
  }
  if (!saved && claim.my_vote === 'hidden') card.append(saltUpload(claim, voter, status));
  // A salt kept for this claim: downloadable (the CLI's `mutual vote reveal --salt-file` reads it too).
  if (saved) card.append(el('p', {}, saltLink(JSON.parse(saved))));
  if (note) {
    status.textContent = note.text;
    status.dataset.done = note.done;
  }
  card.append(buttons, status);
  return card;
}

/** For a hidden vote whose salt this browser does not hold: load the salt file saved when it was committed (here,
 * or by `mutual vote commit`); it is kept once it names this claim and voter. */
function saltUpload(claim, voter, status) {
  const input = el('input', { type: 'file', accept: 'application/json,.json' });
  input.addEventListener('change', async () => {
    try {
      const saved = JSON.parse(await input.files[0].text());
      if (saved.claim !== claim.address || saved.voter !== voter) throw new Error('that salt file is for another claim or voter');
      if (!['accept', 'deny'].includes(saved.choice) || !/^[0-9a-f]{64}$/.test(saved.salt)) throw new Error('that is not a salt file');
      localStorage.setItem(saltKey(claim.address, voter), JSON.stringify(saved));
      await loadClaims();
    } catch (e) {
      status.textContent = e.message;
    }
  });
  return el('p', {}, el('label', {}, 'Your hidden vote\'s salt is not in this browser: load its file ', input));
}

/** The open claims; `notes` keeps a status line on the claims just acted on. */
async function loadClaims(notes = {}) {
  const status = document.getElementById('claims-status');
  try {
    const query = session.account ? `?${new URLSearchParams({ voter: session.account.address })}` : '';
    const claims = await api(`/api/claims${query}`);
    document.getElementById('claims').replaceChildren(...claims.map((c) => claimCard(c, notes[c.address])));
    status.textContent = claims.length === 0 ? 'No claim is open.' : count(claims.length, 'open claim');
  } catch (e) {
    status.textContent = `The claims could not be loaded: ${e.message}`;
  }
}

/** The wallets that registered, one button each; connecting one loads its covers and its votes. */
function showWallets(wallets) {
  const list = document.getElementById('wallets');
  const status = document.getElementById('wallet-status');
  if (session.account !== null) return;
  if (wallets.length === 0) {
    status.textContent = `No wallet found for ${session.chain}: install Phantom, Solflare or Backpack.`;
    list.replaceChildren();
    return;
  }
  status.textContent = 'Connect a wallet:';
  list.replaceChildren(...wallets.map((wallet) => {
    const button = el('button', { type: 'button', class: 'connect' }, `Connect ${wallet.name}`);
    button.addEventListener('click', async () => {
      try {
        session.account = await connect(wallet);
        session.wallet = wallet;
        status.textContent = `Connected: ${session.account.address} (${wallet.name})`;
        status.dataset.address = session.account.address;
        list.replaceChildren();
        for (const form of document.querySelectorAll('form.buy')) form.refreshQuote();
        await Promise.all([loadCovers(), loadClaims()]);
      } catch (e) {
        status.textContent = `${wallet.name} did not connect: ${e.message}`;
      }
    });
    return el('li', {}, button);
  }));
}

async function start() {
  try {
    const cluster = await api('/api/cluster');
    Object.assign(session, { chain: cluster.wallet_chain, periods: cluster.periods, defaultPeriod: cluster.default_period });
  } catch (e) {
    document.getElementById('wallet-status').textContent = `The cluster could not be read: ${e.message}`;
  }
  await loadCatalogue();
  await loadClaims();
  watchWallets(session.chain, showWallets);
}

start();
