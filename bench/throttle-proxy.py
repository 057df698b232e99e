#!/usr/bin/env python3
"""A TCP proxy on 127.0.0.1 that forwards client->upstream at most RATE bytes/s per connection (a slow uplink):
the throttled destination of the bounded-memory fan-out (bench/run.sh). Upstream->client is not throttled.
The bench's stand-in for the tests' FaultProxy.throttleUp (a Java test class).

usage: throttle-proxy.py LISTEN_PORT UPSTREAM_PORT BYTES_PER_SECOND
"""
import asyncio
import sys
import time


async def pump(reader, writer, rate):
    start, total = time.monotonic(), 0
    try:
        while True:
            data = await reader.read(16 * 1024)
            if not data:
                break
            total += len(data)
            if rate:
                due = total / rate - (time.monotonic() - start)
                if due > 0:
                    await asyncio.sleep(due)
            writer.write(data)
            await writer.drain()
    except (ConnectionError, asyncio.CancelledError):
        pass
    finally:
        try:
            writer.close()
        except Exception:
            pass


async def main(listen, upstream, rate):
    async def serve(client_reader, client_writer):
        try:
            up_reader, up_writer = await asyncio.open_connection("127.0.0.1", upstream)
        except OSError:
            client_writer.close()
            return
        await asyncio.gather(pump(client_reader, up_writer, rate), pump(up_reader, client_writer, 0))

    server = await asyncio.start_server(serve, "127.0.0.1", listen)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
