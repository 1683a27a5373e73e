import net from 'node:net';

/**
 * A loopback port that was free a moment ago (the OS picks it). For child processes whose
 * PORT must be 1–65535, so they cannot be told "0, any port".
 */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
