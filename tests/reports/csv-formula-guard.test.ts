// A CSV cell a spreadsheet would run as a formula is neutralised: every text cell whose first
// character is = + - @ tab or CR gets a leading apostrophe. Numeric cells are written from
// numbers, so a negative amount stays a number.
import { describe, expect, it } from "vitest";
import { tableToCsv, type Cell } from "@/lib/reports/report-table";

const text = (value: string): Cell => ({ kind: "text", value });

/** The CSV text of a single cell (header row dropped, line end trimmed). */
function csvOf(cell: Cell): string {
  return tableToCsv({ headers: ["x"], rows: [[cell]] }).split("\r\n")[1]!;
}

describe("text cells", () => {
  it.each<[string, string, string]>([
    ["a formula", "=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["a plus formula", "+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
    ["a minus formula", "-cmd|' /C calc'!A0", "'-cmd|' /C calc'!A0"],
    ["a formula behind a negative number", '-1+HYPERLINK("https://evil.example","x")', `"'-1+HYPERLINK(""https://evil.example"",""x"")"`],
    ["an @ function", "@SUM(A1)", "'@SUM(A1)"],
    ["a leading tab", "\t=1+1", "'\t=1+1"],
    ["a leading carriage return", "\r=1+1", `"'\r=1+1"`],
    // A text cell is text: "-5" in a name column is guarded like any other leading minus.
    ["text that looks like a negative number", "-5", "'-5"],
    ["a plain name", "Acme Cloud", "Acme Cloud"],
    ["a period label", "2026-01", "2026-01"],
    ["a name with a comma", "Acme, Inc.", `"Acme, Inc."`],
    ["a minus inside the text", "Net -5", "Net -5"],
  ])("%s", (_name, value, expected) => {
    expect(csvOf(text(value))).toBe(expected);
  });
});

describe("numeric cells stay numbers", () => {
  it.each<[string, Cell, string]>([
    ["a negative amount", { kind: "money", minor: -1250, currency: "usd" }, "-12.50"],
    ["a negative count", { kind: "count", value: -3 }, "-3"],
    ["a negative rate", { kind: "rate", bp: -125 }, "-1.25"],
    ["a positive amount", { kind: "money", minor: 1250, currency: "usd" }, "12.50"],
  ])("%s", (_name, cell, expected) => {
    expect(csvOf(cell)).toBe(expected);
  });
});

it("guards the header row too", () => {
  expect(tableToCsv({ headers: ["=HEADER()"], rows: [] })).toBe("'=HEADER()\r\n");
});
