/**
 * The traffic mix (see BENCHMARKS.md): anonymous visitors browse the models and the examples and
 * sometimes register; signed-in members list and create applications; a few users generate
 * resumes. Think time between tasks as Locust's `between(1, 5)`, which is what 7.2 req/s from
 * 25 users in the published test implies.
 */
export type Role = "visitor" | "member" | "generator";

export const mix: Record<Role, Record<string, number>> = {
  visitor: { models: 10, examples: 9, register: 1 },
  member: { list: 6, create: 2, models: 2 },
  generator: { generate: 3, list: 1 },
};

/** Of every 20 users: 12 visitors, 7 members, 1 generator (at least one generator in all). */
export function pickRole(index: number, users: number): Role {
  if (index === 0 && users > 0) return "generator";
  const slot = index % 20;
  if (slot === 19) return "generator";
  return slot < 12 ? "visitor" : "member";
}

export function pickTask(weights: Record<string, number>): string {
  const entries = Object.entries(weights);
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = Math.random() * total;
  for (const [task, w] of entries) {
    r -= w;
    if (r < 0) return task;
  }
  return entries[0]?.[0] ?? "models";
}

export const thinkMs = () => 1000 + Math.random() * 4000;
