// Drives the advisor's MCP server with the official TypeScript SDK, as an agent would:
// lists the tools, calls each with a typical request, and checks that refused arguments come
// back as tool errors that name the field.
//
//   node client.mjs stdio <tools> <command> [args...]   spawn the server (./advisor mcp)
//   node client.mjs http <tools> <url> [api-key]        streamable HTTP (the app's /mcp)
//
// <tools> is the comma-separated list of tools the server must list, in any order. Prints one
// JSON line (the tools and the transcript of the estimate call); exits 1 on the first failure.
import { isDeepStrictEqual } from "node:util";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [mode, expected, target, ...rest] = process.argv.slice(2);

const calls = {
  estimate: {
    args: { model: "llama-2-7b", quantization: "Q4_K_M", contextTokens: 4096, hardware: "rtx-4090" },
    check: (r) => r.parameters.total === 6738415616 && r.memory.fits === true,
  },
  advise: {
    args: {
      workload: { requestsPerDay: 20000, activeHoursPerDay: 10, peakFactor: 2, inputTokens: 500,
                  outputTokens: 200, parallel: 8 },
      latencyTargetMs: 8000, monthlyBudgetUsd: 300, hardware: ["rtx-4090"],
    },
    check: (r) => Array.isArray(r.recommendations) && r.recommendations.length > 0,
  },
  fit: { args: { limit: 3 }, check: (r) => r.models.length === 3 && typeof r.verdict === "string" },
  system: { args: {}, check: (r) => typeof r.cpu.model === "string" && r.memory.totalBytes > 0 },
  list_models: {
    args: { family: "llama" },
    check: (r) => r.length > 0 && r.every((m) => /llama/i.test(m.family)),
  },
  list_hardware: { args: { kind: "apple" }, check: (r) => r.length > 0 && r.every((h) => h.kind === "apple") },
  usage: { args: {}, check: (r) => typeof r.month === "string" && Array.isArray(r.deployments) },
  plan_status: { args: {}, check: (r) => typeof r.state === "string" },
  apply_plan: {
    args: { deploymentIds: ["no-such-deployment"] },
    error: /deploymentIds/,
  },
};

const refusals = [
  { tool: "estimate", args: { model: "llama-2-7b", hardware: "rtx-4090", contextTokens: -5 },
    error: /^contextTokens must be between 1 and 10000000, was -5/ },
  { tool: "estimate", args: { model: "llama-9", hardware: "rtx-4090" }, error: /^model 'llama-9' names no model known here/ },
  { tool: "advise", args: { workload: { requestsPerDay: 1000, inputTokens: 1, outputTokens: 1 }, latencyTargetMs: 8000, colour: "red" },
    error: /^colour is not a known field/ },
];

function fail(message) {
  console.error(`mcp client: ${message}`);
  process.exit(1);
}

const transport =
  mode === "stdio"
    ? new StdioClientTransport({ command: target, args: rest, stderr: "inherit" })
    : new StreamableHTTPClientTransport(new URL(target), {
        requestInit: rest[0] ? { headers: { Authorization: `Bearer ${rest[0]}` } } : {},
      });
const client = new Client({ name: "advisor-mcp-client-test", version: "1.0.0" });
await client.connect(transport);

const listed = (await client.listTools()).tools;
const names = listed.map((t) => t.name).sort();
const wanted = expected.split(",").sort();
if (JSON.stringify(names) !== JSON.stringify(wanted)) {
  fail(`tools ${names} listed, expected ${wanted}`);
}
for (const t of listed) {
  if (!t.description || t.description.length < 40) fail(`${t.name} has no useful description`);
  if (t.inputSchema.type !== "object") fail(`${t.name}'s input schema is not an object`);
}

let transcript;
for (const name of names) {
  const c = calls[name];
  if (!c) fail(`no call written for tool ${name}`);
  const request = { name, arguments: c.args };
  const result = await client.callTool(request);
  const text = result.content?.[0]?.text ?? "";
  if (c.error) {
    if (!result.isError || !c.error.test(text)) fail(`${name}: expected a tool error matching ${c.error}, got ${text}`);
    continue;
  }
  if (result.isError) fail(`${name} failed: ${text}`);
  const answer = JSON.parse(text);
  if (!c.check(answer)) fail(`${name} answered ${text.slice(0, 300)}`);
  if (answer.constructor === Object && !isDeepStrictEqual(result.structuredContent, answer)) {
    fail(`${name}: structuredContent differs from the text`);
  }
  if (name === "estimate") transcript = { request, response: result };
}
for (const r of refusals) {
  const result = await client.callTool({ name: r.tool, arguments: r.args });
  const text = result.content?.[0]?.text ?? "";
  if (!result.isError || !r.error.test(text)) fail(`${r.tool} ${JSON.stringify(r.args)}: expected ${r.error}, got ${text}`);
}
await client.close();
console.log(JSON.stringify({ ok: true, tools: names, transcript }));
process.exit(0);
