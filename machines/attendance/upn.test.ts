import { describe, expect, it } from "vitest";
import { isValidUpn, upnProblem, withCheckLetter } from "./upn.ts";

// Check alphabet, index → letter:
//   A0 B1 C2 D3 E4 F5 G6 H7 J8 K9 L10 M11 N12 P13 Q14 R15 T16 U17 V18 W19 X20 Y21 Z22

describe("UPN check letters", () => {
  it("computes the check letter from characters 2..13 weighted 2..13, mod 23", () => {
    // 123456789012: 1×2 + 2×3 + 3×4 + 4×5 + 5×6 + 6×7 + 7×8 + 8×9 + 9×10 + 0×11 + 1×12 + 2×13
    //             = 2 + 6 + 12 + 20 + 30 + 42 + 56 + 72 + 90 + 0 + 12 + 26 = 368 = 16×23 + 0 → A
    expect(withCheckLetter("123456789012")).toBe("A123456789012");
    // 000000000001: 1×13 = 13 → P
    expect(withCheckLetter("000000000001")).toBe("P000000000001");
    // 000000000010: 1×12 = 12 → N
    expect(withCheckLetter("000000000010")).toBe("N000000000010");
    // 820100001003: 8×2 + 2×3 + 0×4 + 1×5 + 0 + 0 + 0 + 0 + 1×10 + 0×11 + 0×12 + 3×13
    //             = 16 + 6 + 5 + 10 + 39 = 76 = 3×23 + 7 → H
    expect(withCheckLetter("820100001003")).toBe("H820100001003");
  });

  it("values a temporary UPN's final letter by its index in the check alphabet", () => {
    // 12345678901B: the first eleven as above give 330 + 1×12 = 342; B = 1, 1×13 = 13; 355 = 15×23 + 10 → L
    expect(withCheckLetter("12345678901B")).toBe("L12345678901B");
    // 12345678901Z: 342 + Z(22)×13 = 342 + 286 = 628 = 27×23 + 7 → H
    expect(withCheckLetter("12345678901Z")).toBe("H12345678901Z");
    expect(upnProblem("L12345678901B")).toBeUndefined();
    expect(upnProblem("H12345678901Z")).toBeUndefined();
  });

  it("accepts valid UPNs", () => {
    for (const upn of ["A123456789012", "P000000000001", "H820100001003", "L12345678901B"]) {
      expect(upnProblem(upn)).toBeUndefined();
      expect(isValidUpn(upn)).toBe(true);
    }
  });

  it("names the right check letter when the given one is wrong", () => {
    expect(upnProblem("K123456789012")).toBe('check letter should be "A", not "K"');
    expect(upnProblem("A820100001003")).toBe('check letter should be "H", not "A"');
    expect(isValidUpn("K123456789012")).toBe(false);
  });

  it("rejects a temporary UPN whose check letter was computed as if its last letter were a digit", () => {
    expect(upnProblem("A12345678901B")).toBe('check letter should be "L", not "A"');
  });

  it("rejects the wrong length, counting characters", () => {
    expect(upnProblem("A1234")).toBe('UPN must be 13 characters; "A1234" has 5');
    expect(upnProblem("A1234567890123")).toMatch(/has 14/);
    expect(upnProblem("")).toMatch(/has 0/);
  });

  it("rejects a non-digit among characters 2 to 12", () => {
    expect(upnProblem("A12345X789012")).toMatch(/character 7 is "X"/);
  });

  it("never accepts I, O or S in a check position", () => {
    expect(upnProblem("I123456789012")).toMatch(/character 1 must be a check letter.*"I".*"A"/);
    expect(upnProblem("A12345678901O")).toMatch(/character 13 .*"O"/);
    expect(upnProblem("A12345678901S")).toMatch(/character 13/);
    expect(() => withCheckLetter("12345678901I")).toThrow(RangeError);
  });

  it("wants capitals", () => {
    expect(upnProblem("a123456789012")).toMatch(/character 1 must be a check letter/);
    expect(upnProblem("L12345678901b")).toMatch(/character 13/);
  });

  it("refuses to complete something that is not 12 characters", () => {
    expect(() => withCheckLetter("12345")).toThrow(/12 characters/);
  });
});
