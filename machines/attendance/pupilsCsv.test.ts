import { describe, expect, it } from "vitest";
import { formatProblem } from "./inputProblem.ts";
import { normaliseYearGroup, parsePupilsCsv } from "./pupilsCsv.ts";
import { upnProblem, withCheckLetter } from "./upn.ts";

const A = withCheckLetter("123456789012");
const B = withCheckLetter("820100001003");
const C = withCheckLetter("000000000001");

const read = (text: string) => parsePupilsCsv(text, "pupils.csv", { validateUpn: upnProblem });
const lines = (text: string) => read(text).problems.map(formatProblem);

describe("reading a pupils file", () => {
  it("reads the required columns alone, flags defaulting to N", () => {
    const { pupils, problems } = read(`upn,forename,surname,year_group\n${A},Ada,Fenwick,Y7\n`);
    expect(problems).toEqual([]);
    expect(pupils).toEqual([
      {
        upn: A,
        forename: "Ada",
        surname: "Fenwick",
        yearGroup: "7",
        pupilPremium: false,
        send: false,
        eal: false,
        socialWorker: false,
        lookedAfter: false,
        youngCarer: false,
      },
    ]);
  });

  it("reads every optional column", () => {
    const { pupils, problems } = read(
      [
        "upn,forename,surname,year_group,date_of_birth,sex,pupil_premium,send,eal,social_worker,looked_after,young_carer,class",
        `${A},Ada,Fenwick,Reception,2020-01-31,F,Y,y,N,n,,Y,RB`,
        `${B},Bo,Quill,Year 11,,,N,N,N,Y,Y,N,`,
        `${C},Cy,Marsh,N2,,X,,,,,,,`,
      ].join("\n"),
    );
    expect(problems).toEqual([]);
    expect(pupils[0]).toEqual({
      upn: A, forename: "Ada", surname: "Fenwick", yearGroup: "R", dateOfBirth: "2020-01-31", sex: "F",
      pupilPremium: true, send: true, eal: false, socialWorker: false, lookedAfter: false, youngCarer: true, class: "RB",
    });
    expect(pupils[1]).toMatchObject({ yearGroup: "11", socialWorker: true, lookedAfter: true });
    expect(pupils[1]!.sex).toBeUndefined();
    expect(pupils[1]!.class).toBeUndefined();
    expect(pupils[1]!.dateOfBirth).toBeUndefined();
    expect(pupils[2]).toMatchObject({ yearGroup: "N2", sex: "X" });
  });

  it("normalises year groups as MIS exports write them", () => {
    const cases: [string, string | undefined][] = [
      ["R", "R"], ["Reception", "R"], ["YR", "R"], ["yr", "R"], ["Year R", "R"],
      ["N1", "N1"], ["n2", "N2"], ["Nursery 1", "N1"],
      ["7", "7"], ["Y7", "7"], ["Year 7", "7"], ["year7", "7"], ["Y07", "7"], ["14", "14"], ["Yr 1", "1"],
      ["0", undefined], ["15", undefined], ["Y", undefined], ["N3", undefined], ["Seven", undefined], ["", undefined],
    ];
    for (const [raw, expected] of cases) expect([raw, normaliseYearGroup(raw)]).toEqual([raw, expected]);
  });

  it("rejects a bad flag, naming the line and field", () => {
    expect(lines(`upn,forename,surname,year_group,send,eal\n${A},Ada,Fenwick,7,Yes,1\n`)).toEqual([
      'pupils.csv:2: send: "Yes" is not a flag; use Y or N (empty means N)',
      'pupils.csv:2: eal: "1" is not a flag; use Y or N (empty means N)',
    ]);
  });

  it("rejects a bad year group, date of birth and UPN, and empty names", () => {
    expect(
      lines(
        [
          "upn,forename,surname,year_group,date_of_birth",
          `${A},Ada,Fenwick,Year 15,2012-13-01`,
          `K123456789012,,,7,`,
        ].join("\n"),
      ),
    ).toEqual([
      'pupils.csv:2: year_group: "Year 15" is not a year group; use N1, N2, R (or Reception, YR), or 1 to 14 (or Y7, Year 7)',
      'pupils.csv:2: date_of_birth: "2012-13-01" is not a date in the form YYYY-MM-DD',
      'pupils.csv:3: upn: check letter should be "A", not "K"',
      "pupils.csv:3: forename: forename is empty",
      "pupils.csv:3: surname: surname is empty",
    ]);
  });

  it("rejects a UPN that is in the file twice, naming both lines, and keeps the first", () => {
    const { pupils, problems } = read(`upn,forename,surname,year_group\n${A},Ada,Fenwick,7\n${B},Bo,Quill,8\n${A},Ada,Fenwick,7\n`);
    expect(problems.map(formatProblem)).toEqual([`pupils.csv:4: upn: UPN ${A} is on line 2 and again on line 4`]);
    expect(pupils.map((p) => p.upn)).toEqual([A, B]);
  });

  it("rejects a header without the required columns", () => {
    expect(lines(`upn,name,year\n${A},Ada Fenwick,7\n`)).toEqual([
      "pupils.csv:1: (header): missing columns forename, surname, year_group; expected a header with upn,forename,surname,year_group",
    ]);
  });
});
