// The shop's products. The art is inline SVG built here: no image files, no CDN.

/** A tea tin: lid, body, a label with a leaf. */
function tin(body, lid, label, leaf) {
  return `<svg viewBox="0 0 200 200" role="img" aria-hidden="true">
  <ellipse cx="100" cy="178" rx="62" ry="9" fill="rgba(40,30,20,.12)"/>
  <rect x="44" y="58" width="112" height="118" rx="14" fill="${body}"/>
  <rect x="44" y="58" width="24" height="118" rx="12" fill="rgba(255,255,255,.14)"/>
  <rect x="38" y="40" width="124" height="30" rx="10" fill="${lid}"/>
  <rect x="38" y="62" width="124" height="6" fill="rgba(0,0,0,.12)"/>
  <rect x="58" y="92" width="84" height="60" rx="8" fill="${label}"/>
  <path d="M100 104c14 4 20 16 14 30-14-2-22-12-14-30z" fill="${leaf}"/>
  <path d="M100 104c-2 10 2 22 14 30" stroke="${label}" stroke-width="2" fill="none"/>
  <rect x="72" y="140" width="42" height="4" rx="2" fill="${leaf}" opacity=".5"/>
</svg>`;
}

function teapot() {
  return `<svg viewBox="0 0 200 200" role="img" aria-hidden="true">
  <ellipse cx="100" cy="176" rx="66" ry="9" fill="rgba(40,30,20,.12)"/>
  <path d="M150 96c22-6 30 10 18 22l-16 16" stroke="#2f5d62" stroke-width="10" fill="none" stroke-linecap="round"/>
  <path d="M52 112 18 84c-6-4-10 2-6 8l30 40" fill="#2f5d62"/>
  <ellipse cx="100" cy="122" rx="58" ry="50" fill="#3f7a80"/>
  <ellipse cx="84" cy="106" rx="18" ry="24" fill="rgba(255,255,255,.16)"/>
  <ellipse cx="100" cy="76" rx="34" ry="10" fill="#2f5d62"/>
  <circle cx="100" cy="64" r="9" fill="#e7b75f"/>
  <path d="M58 134h84" stroke="#e7b75f" stroke-width="5" stroke-linecap="round"/>
</svg>`;
}

function cups() {
  return `<svg viewBox="0 0 200 200" role="img" aria-hidden="true">
  <ellipse cx="100" cy="172" rx="74" ry="9" fill="rgba(40,30,20,.12)"/>
  <path d="M26 104h62l-8 54c-1 8-8 12-16 12H50c-8 0-15-4-16-12z" fill="#f4efe6" stroke="#c9b99e" stroke-width="3"/>
  <path d="M112 104h62l-8 54c-1 8-8 12-16 12h-14c-8 0-15-4-16-12z" fill="#f4efe6" stroke="#c9b99e" stroke-width="3"/>
  <ellipse cx="57" cy="106" rx="29" ry="6" fill="#b5893b"/>
  <ellipse cx="143" cy="106" rx="29" ry="6" fill="#b5893b"/>
  <path d="M50 92c-6-10 6-14 0-26M64 90c-6-10 6-14 0-26M136 92c-6-10 6-14 0-26M150 90c-6-10 6-14 0-26" stroke="#c9b99e" stroke-width="3" fill="none" stroke-linecap="round"/>
  <path d="M40 132h34M126 132h34" stroke="#7c9a6d" stroke-width="4" stroke-linecap="round"/>
</svg>`;
}

/** Prices in yuan, as the backend would store them (strings with two decimals on the wire). */
export const PRODUCTS = [
  {
    sku: "sencha",
    name: "Morning Sencha",
    kind: "Green tea · 100 g",
    price: 68,
    blurb: "Steamed Japanese green tea, grassy and bright. Two minutes at 75 °C and your morning is sorted.",
    art: tin("#7c9a6d", "#566e4a", "#f4efe6", "#566e4a"),
    tint: "#e9f0e3",
  },
  {
    sku: "tieguanyin",
    name: "Iron Goddess Oolong",
    kind: "Oolong · 100 g",
    price: 96,
    blurb: "Tie Guan Yin from Anxi, rolled by hand. Floral, creamy, and good for five infusions.",
    art: tin("#c77d4a", "#8f5530", "#fbefe2", "#8f5530"),
    tint: "#f8e9dc",
  },
  {
    sku: "earlgrey",
    name: "Harbour Earl Grey",
    kind: "Black tea · 125 g",
    price: 58,
    blurb: "Assam and Ceylon with real bergamot oil. Strong enough for milk, soft enough without.",
    art: tin("#3d4f7a", "#26324f", "#eef0f7", "#3d4f7a"),
    tint: "#e6e9f3",
  },
  {
    sku: "jasmine",
    name: "Jasmine Pearls",
    kind: "Scented green · 80 g",
    price: 128,
    blurb: "Young leaves rolled into pearls and scented with fresh jasmine blossoms seven times.",
    art: tin("#e2c9d9", "#b68aa6", "#fff8fb", "#b68aa6"),
    tint: "#f7ecf3",
  },
  {
    sku: "teapot",
    name: "Lake Teapot",
    kind: "Glazed stoneware · 600 ml",
    price: 238,
    blurb: "A round-bellied pot with a fine strainer and a lid that stays put when you pour.",
    art: teapot(),
    tint: "#e1eeee",
  },
  {
    sku: "cups",
    name: "Pair of Tasting Cups",
    kind: "Porcelain · 2 × 80 ml",
    price: 72,
    blurb: "Thin-walled cups that cool quickly to drinking temperature. Sold as a pair, for sharing.",
    art: cups(),
    tint: "#f3efe7",
  },
];

export function product(sku) {
  return PRODUCTS.find((p) => p.sku === sku) ?? null;
}

/** "¥68.00" */
export function money(n) {
  return "¥" + n.toFixed(2);
}
