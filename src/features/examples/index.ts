/** The examples feature (`/api/example-job-applications/**`, public): its routes. */
export { exampleRoutes } from "./examples.routes";
