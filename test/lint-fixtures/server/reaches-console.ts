import { thing } from '../src-main/thing'
export const serverReachesConsole = thing
