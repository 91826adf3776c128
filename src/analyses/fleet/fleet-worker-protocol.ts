// Messages between the fleet runner and its worker threads (structured-clone data only).
import type { FleetHostResult, FleetOptions } from './fleet-types.js';

export type WorkerRequest = { type: 'init'; options: FleetOptions } | { type: 'host'; index: number; file: string };

export interface WorkerReply {
  index: number;
  result: FleetHostResult;
}
