import { readFileSync } from 'node:fs'
export const rendererReachesNode = readFileSync
