// The node's dashboard: reads the generated API (queries by name, the event stream) and draws live charts with uPlot.
// No module is special here beyond which queries it asks; a module that arrives later adds its section.
"use strict";

const RAO = 1e9;
const history = { blocks: [], tao: [], mark: [], subnets: new Map(), utilisation: [], reserve: [], lambda: [] };
const charts = {};

async function query(name, input) {
  const response = await fetch(`/api/queries/${name}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(input || {}) });
  return response.ok ? response.json() : null;
}

function chart(id, series, data) {
  const element = document.getElementById(id);
  if (!charts[id]) {
    charts[id] = new uPlot({ width: element.clientWidth || 500, height: 200, series: [{ label: "block" }, ...series], axes: [{}, {}] }, data, element);
    element.dataset.drawn = "true";
  } else {
    charts[id].setData(data);
  }
}

async function refresh() {
  const chain = await (await fetch("/api/chain")).json();
  document.getElementById("chain").textContent =
    `${chain.chainId} · block ${chain.height} · state ${chain.stateHash.slice(0, 16)}… · ${chain.store} · mining ${chain.mining} · ${chain.pending} pending`;
  if (history.blocks.length && history.blocks[history.blocks.length - 1] === chain.height) return;

  const [price, perps, subnets, margin, insurance, risk] = await Promise.all([
    query("prices.price", { source: "TAO/USD" }), query("perps.summary"), query("subnets.summary"),
    query("margin.summary"), query("insurance.pool"), query("risk.controller"),
  ]);
  history.blocks.push(chain.height);
  history.tao.push(price && price.price ? Number(price.price) : null);
  const market = perps && perps.markets.length ? perps.markets[0] : null;
  history.mark.push(market ? Number(market.mark) : null);
  for (const s of (subnets ? subnets.subnets : [])) {
    if (!history.subnets.has(s.netuid)) history.subnets.set(s.netuid, history.blocks.slice(0, -1).map(() => null));
    history.subnets.get(s.netuid).push(Number(s.price));
  }
  history.utilisation.push(margin ? margin.pool.utilizationPpb / 1e7 : null);
  history.reserve.push(insurance ? Number(insurance.reserve) / RAO : null);
  history.lambda.push(insurance ? Number(insurance.lambda) : null);

  chart("chart-price", [{ label: "TAO/USD", stroke: "#1f77b4" }, { label: market ? `${market.id} mark` : "mark", stroke: "#d62728" }], [history.blocks, history.tao, history.mark]);
  const netuids = [...history.subnets.keys()];
  const colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
  chart("chart-subnets", netuids.map((n, i) => ({ label: `SN${n}`, stroke: colours[i % colours.length] })), [history.blocks, ...netuids.map(n => history.subnets.get(n))]);
  chart("chart-margin", [{ label: "utilisation %", stroke: "#2ca02c" }], [history.blocks, history.utilisation]);
  chart("chart-insurance", [{ label: "reserve TAO", stroke: "#9467bd", scale: "tao" }, { label: "λ", stroke: "#ff7f0e", scale: "lambda" }], [history.blocks, history.reserve, history.lambda]);

  if (margin) document.getElementById("margin").textContent =
    `LP assets ${(Number(margin.pool.lpAssets) / RAO).toFixed(2)} TAO, borrowed ${(Number(margin.pool.totalBorrowed) / RAO).toFixed(2)} TAO, breaker ${margin.pool.circuitBreakerTripped ? "tripped" : "off"}`;
  if (risk) document.getElementById("insurance").textContent =
    `λ ${risk.lambda}, coverage ${risk.coverage ?? "n/a"}, adequate ${risk.adequate}, max leverage ${risk.maxLeverage}, breaker ${risk.breakerTripped ? "tripped" : "off"}`;
  if (perps) {
    const rows = perps.markets.map(m => `<tr><td>${m.id}</td><td>${m.mark}</td><td>${m.index ?? ""}</td><td>${m.longSize}</td><td>${m.shortSize}</td></tr>`);
    document.getElementById("perps").innerHTML = `<tr><th>market</th><th>mark</th><th>index</th><th>long</th><th>short</th></tr>${rows.join("")}`;
  }
}

function listen() {
  const stream = new EventSource("/api/stream?blocks=false");
  stream.addEventListener("event", message => {
    const e = JSON.parse(message.data);
    const item = document.createElement("li");
    item.className = "event";
    item.dataset.name = e.name;
    item.textContent = `block ${e.block} ${e.name} ${JSON.stringify(e.data)}`;
    const list = document.getElementById("events");
    list.prepend(item);
    while (list.children.length > 200) list.lastChild.remove();
    refresh();
  });
}

refresh();
listen();
setInterval(refresh, 2000);
