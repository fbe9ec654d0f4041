import { describe, expect, it } from "vitest";
import { docxText, pdfText, twoPageResume, unzip } from "../../helpers/documents";
import { apiSuite, signUp } from "../../helpers/e2e-api";
import { call } from "../../helpers/e2e-target";

/** On the real runtimes (Node, and workerd with E2E_WORKER=1): the renderers need nothing of Node. */
describe("exports and import", () => {
  it("exports a resume in every format and imports a JSON Resume", async () => {
    const { target } = apiSuite();
    const { access: token } = await signUp(target);
    const created = await call(target, "POST", "/api/resumes/", {
      token,
      json: { title: "Alice Müller", content: twoPageResume() },
    });
    expect(created.status).toBe(201);
    const id = (created.body as { id: number }).id;
    const file = async (format: string) => {
      const res = await call(target, "GET", `/api/resumes/${id}/export/?format=${format}`, {
        token,
      });
      expect({ format, status: res.status }).toEqual({ format, status: 200 });
      expect(res.headers.get("content-disposition")).toBe(
        `attachment; filename="Alice-Muller.${format}"; filename*=UTF-8''Alice%20M%C3%BCller.${format}`,
      );
      return new Uint8Array(await res.res.arrayBuffer());
    };
    const docx = unzip(await file("docx")).get("word/document.xml") ?? "";
    expect(docxText(docx)).toContain("Senior Backend Engineer — Acme Payments GmbH");
    expect(pdfText(await file("pdf")).slice(0, 2)).toEqual([
      "Alice Müller",
      "Senior Backend Engineer",
    ]);
    const json = JSON.parse(new TextDecoder().decode(await file("json")));
    expect(json.basics.name).toBe("Alice Müller");

    const imported = await call(target, "POST", "/api/resumes/import/", { token, json });
    expect(imported.status).toBe(201);
    expect(imported.body).toMatchObject({ title: "Alice Müller (Senior Backend Engineer)" });
  });
});
