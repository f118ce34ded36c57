// The mutual's page: plain JavaScript modules, no build step. Every string from the chain goes into the page as
// text (textContent), never as markup; links are kept only when they are http(s) or ipfs.

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

/** Each pool's free capacity as a bar, with its price. */
function poolBars(product) {
  const rowHeight = 22;
  const height = Math.max(1, product.pools.length) * rowHeight;
  const chart = svg('svg', { class: 'pools', viewBox: `0 0 300 ${height}`, role: 'img' });
  const most = Math.max(1, ...product.pools.map((p) => p.free));
  const label = product.pools
    .map((p) => `pool ${p.pool}: ${(p.price_bps / 100).toFixed(2)}% a year, ${units(p.free, product.base_decimals)} USDC free`)
    .join('; ');
  chart.setAttribute('aria-label', label || 'no pool lists this product');
  product.pools.forEach((p, i) => {
    const y = i * rowHeight;
    chart.append(svg('rect', { class: 'track', x: 110, y: y + 5, width: 180, height: 12, rx: 3 }));
    chart.append(svg('rect', { class: 'bar', x: 110, y: y + 5, width: Math.round((180 * p.free) / most), height: 12, rx: 3 }));
    const text = svg('text', { x: 0, y: y + 15 });
    text.textContent = `#${p.pool} ${(p.price_bps / 100).toFixed(2)}%/yr`;
    chart.append(text);
  });
  return chart;
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
  return el(
    'li',
    { class: 'product', 'data-product': product.id },
    el('h3', {}, product.name),
    el('p', {}, `${product.risk_class} risk · score `, score, product.deprecated ? ' · deprecated' : ''),
    signals,
    poolBars(product),
    wording,
  );
}

async function loadCatalogue() {
  const status = document.getElementById('catalogue-status');
  try {
    const response = await fetch('/api/products');
    const products = await response.json();
    if (!response.ok) throw new Error(products.message ?? response.statusText);
    const list = document.getElementById('catalogue');
    list.replaceChildren(...products.map(productCard));
    status.textContent = `${products.length} products`;
  } catch (e) {
    status.textContent = `The products could not be loaded: ${e.message}`;
  }
}

loadCatalogue();
