// What the benchmark ran on, and how busy the machine and each process were: /proc readings.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import os from 'node:os'

export interface MachineDescription {
  cpuModel: string
  cores: number
  ramGiB: number
  node: string
  kernel: string
  date: string
  /** 1, 5 and 15 minute load averages when the run started. */
  loadAverageAtStart: number[]
}

export function describeMachine(): MachineDescription {
  const cpuinfo = readFileSync('/proc/cpuinfo', 'utf8')
  const cpuModel = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown'
  return {
    cpuModel,
    cores: os.availableParallelism(),
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    kernel: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
  }
}

const CLOCK_TICKS = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
  } catch {
    return 100
  }
})()

/** CPU time of the whole machine, in seconds summed over all cores. */
export interface SystemCpu {
  busy: number
  total: number
}

export function systemCpu(): SystemCpu {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? ''
  const [, ...fields] = line.trim().split(/\s+/)
  const values = fields.map(Number)
  // user nice system idle iowait irq softirq steal guest guest_nice; guest time is already in user.
  const idle = (values[3] ?? 0) + (values[4] ?? 0)
  const total = values.slice(0, 8).reduce((a, b) => a + b, 0)
  return { busy: (total - idle) / CLOCK_TICKS, total: total / CLOCK_TICKS }
}

/** CPU seconds (user + system) a process has used so far, or 0 once it is gone. */
export function processCpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The command name may hold spaces and parentheses: fields count from the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS
  } catch {
    return 0
  }
}

export interface MemoryReading {
  rssMiB: number
  peakRssMiB: number
}

export function processMemory(pid: number): MemoryReading {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8')
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s*(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN)
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 }
}

/** Per-thread scheduler figures of a process: time on a CPU and time waiting for one (nanoseconds). */
export interface ThreadTimes {
  tid: number
  name: string
  runNs: number
  waitNs: number
}

export function threadTimes(pid: number): ThreadTimes[] {
  const threads: ThreadTimes[] = []
  for (const tid of readdirSync(`/proc/${pid}/task`).map(Number)) {
    try {
      const [run = 0, wait = 0] = readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number)
      const name = readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim()
      threads.push({ tid, name, runNs: run, waitNs: wait })
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return threads
}

export interface ThreadGroupUse {
  /** CPU seconds per wall second. */
  cpuPerSecond: number
  /** Seconds spent runnable but waiting for a CPU, per wall second. */
  waitPerSecond: number
}

/**
 * How the main (event loop) thread and the other threads (libuv's pool running argon2, V8's helpers;
 * Node 20 names them all "node") used the CPUs between two readings.
 */
export function compareThreadTimes(
  before: ThreadTimes[],
  after: ThreadTimes[],
  pid: number,
  seconds: number,
): Record<'mainThread' | 'otherThreads', ThreadGroupUse> {
  const groups = { mainThread: { run: 0, wait: 0 }, otherThreads: { run: 0, wait: 0 } }
  const earlier = new Map(before.map((t) => [t.tid, t]))
  for (const t of after) {
    const b = earlier.get(t.tid)
    const group = t.tid === pid ? groups.mainThread : groups.otherThreads
    group.run += t.runNs - (b?.runNs ?? 0)
    group.wait += t.waitNs - (b?.waitNs ?? 0)
  }
  const per = (g: { run: number; wait: number }) => ({ cpuPerSecond: g.run / 1e9 / seconds, waitPerSecond: g.wait / 1e9 / seconds })
  return { mainThread: per(groups.mainThread), otherThreads: per(groups.otherThreads) }
}
