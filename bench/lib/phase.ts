// Accounting for one phase of the benchmark: how long it took and who used the CPUs meanwhile.
// The machine may be shared (other people's tests): "other processes" is the machine's busy time
// minus the benchmark's own processes, so a figure taken on a busy machine says so.
import os from 'node:os'
import { processCpuSeconds, systemCpu } from './machine'

export interface PhaseRecord {
  name: string
  seconds: number
  /** Share of all cores busy during the phase (0–1). */
  machineBusy: number
  /** Share of all cores used by processes that are not the benchmark's (0–1, approximate). */
  otherProcesses: number
  serverCpuSeconds: number
  loadCpuSeconds: number
  loadAverage1m: number
}

export class PhaseClock {
  readonly records: PhaseRecord[] = []

  async run<T>(name: string, serverPid: () => number | undefined, work: (addLoadCpu: (seconds: number) => void) => Promise<T>): Promise<T> {
    const cores = os.availableParallelism()
    const sysBefore = systemCpu()
    const pidBefore = serverPid()
    const serverBefore = pidBefore ? processCpuSeconds(pidBefore) : 0
    const selfBefore = process.cpuUsage()
    const started = performance.now()
    let loadCpu = 0
    const result = await work((seconds) => (loadCpu += seconds))
    const seconds = (performance.now() - started) / 1000
    const sysAfter = systemCpu()
    const pidAfter = serverPid()
    const serverCpu = pidAfter && pidAfter === pidBefore ? processCpuSeconds(pidAfter) - serverBefore : 0
    const self = process.cpuUsage(selfBefore)
    const selfCpu = (self.user + self.system) / 1e6
    const busy = sysAfter.busy - sysBefore.busy
    const capacity = sysAfter.total - sysBefore.total || seconds * cores
    this.records.push({
      name,
      seconds,
      machineBusy: busy / capacity,
      otherProcesses: Math.max(0, busy - serverCpu - selfCpu - loadCpu) / capacity,
      serverCpuSeconds: serverCpu,
      loadCpuSeconds: loadCpu,
      loadAverage1m: os.loadavg()[0] ?? 0,
    })
    return result
  }
}
