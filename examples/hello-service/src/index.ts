import { createServer } from 'node:http';

const port = Number(process.env.PORT ?? 3000);

const server = createServer((request, response) => {
  if (request.url === '/health') {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ status: 'ok', uid: process.getuid?.(), nodeEnv: process.env.NODE_ENV, node: process.version }));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/plain' });
  response.end('Hello from hello-service\n');
});

server.listen(port, () => console.log(`hello-service listening on ${port}`));

// Exit promptly on the stop signal so that `docker stop` does not wait for its timeout.
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.on(signal, () => server.close(() => process.exit(0)));
}
