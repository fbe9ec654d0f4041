/**
 * Texts for timing the match score: a posting of exactly 20,000 characters (sections, bullets,
 * skills, prose, benefits) and a two-page resume (~6,000 characters). Built, not random, so
 * every run times the same work.
 */
const POSTING_PARTS = [
  "Senior Platform Engineer (Backend, Distributed Systems)\nAcme Payments GmbH, Berlin (hybrid)\n",
  "## About the role\nYou will own the APIs that move money for 40,000 merchants: REST and GraphQL services in TypeScript on Node.js, PostgreSQL and Redis, event streams on Kafka, all of it on Kubernetes in AWS.\n",
  "## Responsibilities\n- Design, build and operate distributed systems with high availability\n- Lead design reviews and mentor engineers in code review and test-driven development\n- Improve observability with OpenTelemetry, Prometheus and Grafana dashboards\n- Own on-call for the payment ledger and lead incident response\n- Work with product managers and stakeholders on the roadmap\n",
  "Requirements:\n- 6+ years building backend services in TypeScript, Go or Java\n- Deep knowledge of PostgreSQL: query optimization, indexing, replication\n- Docker, Kubernetes, Terraform and CI/CD pipelines (GitHub Actions)\n- Experience with event-driven architecture and message queues (Kafka, RabbitMQ)\n- Excellent written communication in English\n",
  "Nice to have:\n- Experience with Rust or Elixir\n- Payment systems, PCI DSS, SOC 2\n- Familiarity with Snowflake, dbt and Airflow data pipelines\n",
  "## Benefits\n- 30 days of paid vacation, learning budget, home office allowance, public transport ticket\n",
  "We value data pipelines that are reliable and payment ledgers that are correct. Our payment ledger team ships small changes many times a day behind feature flags, measures error budgets, and writes postmortems without blame. ",
];

export function benchPosting(size = 20_000): string {
  let text = POSTING_PARTS.join("\n");
  let i = 0;
  while (text.length < size) {
    text += `\nParagraph ${i}: ${POSTING_PARTS[(i % (POSTING_PARTS.length - 1)) + 1]}`;
    i++;
  }
  return text.slice(0, size);
}

const RESUME_ROLE = (n: number) =>
  `### Backend engineer, Company ${n} (20${10 + n}-20${12 + n})\n- Built REST APIs in TypeScript and Node.js on Postgres; cut p99 latency by 40% through query tuning\n- Ran services on k8s with Helm and Terraform; CI/CD with GitHub Actions and Jenkins\n- Designed an event-driven billing pipeline on Kafka; on-call lead for incident response\n- Mentored four engineers; introduced TDD and code reviews\n`;

export function benchResume(): string {
  const head =
    "# Jane Doe\nSenior software engineer, Berlin. jane@example.com\n\n## Summary\nEight years building distributed systems and data pipelines for payments and logistics.\n\n## Skills\nTypeScript, JavaScript, Go, Python, PostgreSQL, Redis, MongoDB, Docker, Kubernetes, AWS, GCP, Terraform, Kafka, GraphQL, gRPC, Prometheus, Grafana\n\n## Experience\n";
  let text = head;
  for (let n = 1; text.length < 5_500; n++) text += `${RESUME_ROLE(n)}\n`;
  return `${text}## Education\nBSc Computer Science, TU Berlin\n`;
}
