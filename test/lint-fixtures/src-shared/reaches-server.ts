import { plain } from '../server/accounts/plain'
export const sharedReachesServer = plain
