import { tool } from '../bench/tool'
export const testUsesBench = tool
