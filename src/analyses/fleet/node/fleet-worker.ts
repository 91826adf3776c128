// Entry point of a fleet worker thread (bundled as dist/fleet-worker.js by scripts/build.mjs):
// receives the options once, then bundle files, and answers each with the host's result.
import { parentPort } from 'node:worker_threads';
import { EXIT } from '../../exit-codes.js';
import { analyseBundleFile } from './fleet-files.js';
import type { FleetOptions } from '../fleet-types.js';
import type { WorkerReply, WorkerRequest } from '../fleet-worker-protocol.js';

let options: FleetOptions | undefined;

parentPort?.on('message', (request: WorkerRequest) => {
  switch (request.type) {
    case 'init':
      options = request.options;
      return;
    case 'host': {
      const { index, file } = request;
      const reply = (result: WorkerReply['result']): void => parentPort?.postMessage({ index, result } satisfies WorkerReply);
      if (!options) return reply({ file, host: file, status: 'unreadable', exitCode: EXIT.usage, results: [], problems: [], error: 'internal error: the worker got no options' });
      analyseBundleFile(file, options).then(reply, (err: unknown) =>
        reply({ file, host: file, status: 'unreadable', exitCode: EXIT.usage, results: [], problems: [], error: `internal error: ${err instanceof Error ? err.message : String(err)}` }),
      );
      return;
    }
  }
});
