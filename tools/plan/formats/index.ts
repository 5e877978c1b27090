/** Renders a plan report in the requested format. */
import type { Format } from "../args";
import type { PlanReport } from "../report-types";
import { renderMarkdown } from "./markdown";
import { renderMermaid } from "./mermaid";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

export interface RenderOptions {
  readonly verbose?: boolean;
}

export function render(report: PlanReport, format: Format, options: RenderOptions = {}): string {
  switch (format) {
    case "text":
      return renderText(report, options);
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "sarif":
      return `${JSON.stringify(renderSarif(report), null, 2)}\n`;
    case "markdown":
      return renderMarkdown(report);
    case "mermaid":
      return renderMermaid(report);
  }
}
