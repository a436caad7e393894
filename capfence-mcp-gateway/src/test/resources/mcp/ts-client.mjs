// The official TypeScript SDK client, driving an MCP server (here: the CapFence gateway) over Streamable HTTP.
// Usage: node ts-client.mjs URL   (bearer token in MCP_TOKEN). Prints what it saw as one JSON object.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CreateMessageRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const url = new URL(process.argv[2]);
const transport = new StreamableHTTPClientTransport(url, {
  requestInit: { headers: { Authorization: `Bearer ${process.env.MCP_TOKEN}` } },
});
const client = new Client({ name: "capfence-ts-test", version: "1.0.0" }, { capabilities: { sampling: {} } });
// a server-to-client request: answered here, as a model would
client.setRequestHandler(CreateMessageRequestSchema, async (request) => ({
  model: "test-model",
  role: "assistant",
  content: { type: "text", text: "sampled: " + request.params.messages[0].content.text },
}));

const text = (result) => (result.content ?? []).filter((c) => c.type === "text").map((c) => c.text).join("\n");
const out = {};
await client.connect(transport);
out.server = client.getServerVersion()?.name;
out.sessionId = transport.sessionId;

let tools = [];
for (let i = 0; i < 50 && !tools.includes("trigger-sampling-request"); i++) {
  // tools that depend on the client's capabilities are registered just after initialization
  tools = (await client.listTools()).tools.map((t) => t.name);
  if (!tools.includes("trigger-sampling-request")) await new Promise((r) => setTimeout(r, 100));
}
out.tools = tools;

const echo = await client.callTool({ name: "echo", arguments: { message: "hello" } });
out.echo = { isError: echo.isError ?? false, text: text(echo) };
const sum = await client.callTool({ name: "get-sum", arguments: { a: 2, b: 3 } });
out.sum = text(sum);
const denied = await client.callTool({ name: "get-env", arguments: {} });
out.denied = { isError: denied.isError ?? false, text: text(denied), meta: denied._meta };

const progress = [];
const longRun = await client.callTool(
  { name: "trigger-long-running-operation", arguments: { duration: 1, steps: 2 } },
  undefined,
  { onprogress: (p) => progress.push(p.progress) },
);
out.longRun = { isError: longRun.isError ?? false, progress };

const sampled = await client.callTool({ name: "trigger-sampling-request", arguments: { prompt: "hi", maxTokens: 5 } });
out.sampling = { isError: sampled.isError ?? false, text: text(sampled) };

out.prompts = (await client.listPrompts()).prompts.map((p) => p.name);
out.resources = (await client.listResources()).resources.length;
await transport.terminateSession();
await client.close();
console.log(JSON.stringify(out));
