import { thing } from '../src-main/thing'
export const rendererReachesMain = thing
