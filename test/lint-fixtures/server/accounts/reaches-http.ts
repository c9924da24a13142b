import { app } from '../http/app'
export const reachesHttp = app
