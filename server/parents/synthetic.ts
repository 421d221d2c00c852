/**
 * Invented parents and carers for synthetic pupils (the demo school, examples/small-school/parents.csv): nobody
 * here is real. Phone numbers are Ofcom's drama ranges (07700 900xxx, 01632 960xxx), postcodes the pseudo-area
 * ZZ99, email addresses at example.org, streets and towns from a short invented list. The same pupils and seed give
 * the same file.
 */
const FOREMOTHER = ["Amy", "Beth", "Cara", "Dana", "Ella", "Fay", "Gina", "Hana", "Iris", "Jade", "Kira", "Lena", "Maya", "Nina", "Orla", "Pia", "Rosa", "Sara", "Tara", "Zoe"];
const FOREFATHER = ["Adam", "Ben", "Carl", "Dev", "Eli", "Finn", "Gus", "Hal", "Ivan", "Joel", "Kai", "Liam", "Max", "Ned", "Omar", "Paul", "Ravi", "Sam", "Tom", "Will"];
const SURNAMES = ["Ashby", "Brook", "Carver", "Dale", "Ellis", "Frost", "Grey", "Hart", "Irwin", "Joyce"];
const STREETS = ["Example Street", "Sample Road", "Test Lane", "Fixture Close", "Placeholder Avenue", "Mock Terrace"];
const TOWNS = ["Sampleton", "Testbury", "Exampleford"];
const LETTERS = "ABDEFGHJLNPQRSTUWXYZ";

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const PARENTS_CSV_HEADER = "upn,name,relationship,parental_responsibility,lives_with_pupil,address_1,address_2,postcode,phone,email,priority,correspondence,liable_for_notices";

const csv = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/** Header then one to two invented parents or carers per pupil, in the pupils' order. */
export function* syntheticParentsCsvLines(pupils: readonly { upn: string; surname: string }[], seed: number): Generator<string> {
  const r = prng(seed);
  const pick = <T,>(list: readonly T[]) => list[Math.floor(r() * list.length)]!;
  let phone = 0;
  yield PARENTS_CSV_HEADER;
  for (const p of pupils) {
    const roll = r();
    const street = `${1 + Math.floor(r() * 98)} ${pick(STREETS)}`;
    const town = pick(TOWNS);
    const postcode = `ZZ99 ${1 + Math.floor(r() * 9)}${pick([...LETTERS])}${pick([...LETTERS])}`;
    const rows: string[][] = [];
    const person = (title: string, forename: string, surname: string, relationship: string, pr: boolean, lives: boolean, address: readonly [string, string, string], letters: boolean, liable: string) => {
      phone++;
      const number = phone % 2 ? `07700 900${String(phone % 1000).padStart(3, "0")}` : `01632 960${String(phone % 1000).padStart(3, "0")}`;
      rows.push([p.upn, `${title} ${forename} ${surname}`, relationship, pr ? "Y" : "N", lives ? "Y" : "N", address[0], address[1], address[2], number, `${forename}.${surname}@example.org`.toLowerCase(), "", letters ? "Y" : "N", liable]);
    };
    const home = [street, town, postcode] as const;
    if (roll < 0.55) {
      // Two parents at one address, both liable.
      person("Ms", pick(FOREMOTHER), p.surname, "Mother", true, true, home, true, "Y");
      person("Mr", pick(FOREFATHER), p.surname, "Father", true, true, home, true, "Y");
    } else if (roll < 0.8) {
      // A mother at home; a father elsewhere with parental responsibility, who gets letters at his own address.
      person("Ms", pick(FOREMOTHER), p.surname, "Mother", true, true, home, true, "Y");
      const elsewhere = [`${1 + Math.floor(r() * 98)} ${pick(STREETS)}`, pick(TOWNS), `ZZ99 ${1 + Math.floor(r() * 9)}${pick([...LETTERS])}${pick([...LETTERS])}`] as const;
      person("Mr", pick(FOREFATHER), pick(SURNAMES), "Father", true, false, elsewhere, r() < 0.5, "");
    } else if (roll < 0.93) {
      // One parent only.
      if (r() < 0.7) person("Ms", pick(FOREMOTHER), p.surname, "Mother", true, true, home, true, "Y");
      else person("Mr", pick(FOREFATHER), p.surname, "Father", true, true, home, true, "Y");
    } else {
      // A grandparent carer without parental responsibility, and the mother.
      person("Mrs", pick(FOREMOTHER), pick(SURNAMES), "Grandparent", false, true, home, true, "N");
      const elsewhere = [`${1 + Math.floor(r() * 98)} ${pick(STREETS)}`, pick(TOWNS), `ZZ99 ${1 + Math.floor(r() * 9)}${pick([...LETTERS])}${pick([...LETTERS])}`] as const;
      person("Ms", pick(FOREMOTHER), p.surname, "Mother", true, false, elsewhere, true, "Y");
    }
    for (const row of rows) yield row.map(csv).join(",");
  }
}
