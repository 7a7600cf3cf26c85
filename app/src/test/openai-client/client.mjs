// Drives the gateway's /v1/chat/completions with the official openai client for Node.js, as an
// agent wired to it would: a tool-calling loop (the model asks for a tool, the client runs it and
// sends the result back, the model answers), once blocking and once streamed with the client's
// stream helper accumulating delta.tool_calls; then a structured-output call read back with
// chat.completions.parse.
//
//   node client.mjs <base-url> <model> [api-key]
//
// Prints one JSON line with what the client got; exits 1, saying why, on the first failure.
import OpenAI from "openai";

const [baseURL, model, apiKey = "sk-no-key-needed"] = process.argv.slice(2);
const client = new OpenAI({ baseURL, apiKey, maxRetries: 0, timeout: 30_000 });

const tools = [
  {
    type: "function",
    function: {
      name: "get_weather",
      description: "Weather in a city",
      parameters: {
        type: "object",
        properties: { city: { type: "string" } },
        required: ["city"],
        additionalProperties: false,
      },
      strict: true,
    },
  },
];

// the tool the model asks for, run here as the client's own code would
function getWeather({ city }) {
  return city === "Paris" ? "18 C, sunny" : "unknown city " + city;
}

function fail(message, detail) {
  console.error(message + (detail === undefined ? "" : ": " + JSON.stringify(detail)));
  process.exit(1);
}

async function loop(streamed) {
  const messages = [{ role: "user", content: "Weather in Paris?" }];
  const ask = async () => {
    if (!streamed) {
      return client.chat.completions.create({ model, messages, tools, tool_choice: "auto" });
    }
    const stream = client.chat.completions.stream({
      model,
      messages,
      tools,
      tool_choice: "auto",
      stream_options: { include_usage: true },
    });
    return stream.finalChatCompletion();
  };
  const first = await ask();
  const choice = first.choices[0];
  if (choice.finish_reason !== "tool_calls") fail("expected finish_reason tool_calls", first);
  const calls = choice.message.tool_calls ?? [];
  if (calls.length !== 1 || calls[0].function.name !== "get_weather") {
    fail("expected one get_weather call", choice.message);
  }
  messages.push(choice.message);
  for (const call of calls) {
    const args = JSON.parse(call.function.arguments);
    messages.push({ role: "tool", tool_call_id: call.id, content: getWeather(args) });
  }
  const second = await ask();
  if (second.choices[0].finish_reason !== "stop") fail("expected finish_reason stop", second);
  return {
    call: { id: calls[0].id, name: calls[0].function.name, arguments: calls[0].function.arguments },
    answer: second.choices[0].message.content,
    usage: second.usage ?? null,
  };
}

async function structured() {
  const completion = await client.chat.completions.parse({
    model,
    messages: [{ role: "user", content: "Temperature in Paris, as JSON" }],
    response_format: {
      type: "json_schema",
      json_schema: {
        name: "weather",
        strict: true,
        schema: {
          type: "object",
          properties: { city: { type: "string" }, celsius: { type: "number" } },
          required: ["city", "celsius"],
          additionalProperties: false,
        },
      },
    },
  });
  const parsed = completion.choices[0].message.parsed;
  if (parsed === null || typeof parsed !== "object") fail("nothing parsed", completion);
  return parsed;
}

try {
  const blocking = await loop(false);
  const streamed = await loop(true);
  const parsed = await structured();
  console.log(JSON.stringify({ ok: true, blocking, streamed, parsed }));
} catch (e) {
  fail("the openai client failed: " + (e?.status ?? "") + " " + (e?.message ?? e));
}
