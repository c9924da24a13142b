import { job } from '../jobs/job'
export const domainReachesJobs = job
