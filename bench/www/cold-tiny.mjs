// The floor of bench/www/cold.html (entry=none): a tiny same-origin module, imported the way
// the page imports an SDK entry, so the page's own cost is measured without the SDK's.
export class Tiny {}
