/**
 * Short lists of common first names and surnames for synthetic pupils. Every generated pupil is invented: the
 * combinations come from a seeded generator, and the UPNs use local-authority code 999, which no authority has.
 */
export const GIRLS_NAMES: readonly string[] = [
  "Amelia", "Olivia", "Isla", "Ava", "Mia", "Ivy", "Lily", "Freya", "Florence", "Sophia",
  "Grace", "Evie", "Poppy", "Willow", "Ella", "Aisha", "Zara", "Maya", "Hannah", "Ruby",
  "Daisy", "Chloe", "Esme", "Layla", "Millie", "Nia", "Priya", "Amira", "Harper", "Rosie",
];

export const BOYS_NAMES: readonly string[] = [
  "Oliver", "George", "Noah", "Arthur", "Leo", "Muhammad", "Harry", "Oscar", "Archie", "Henry",
  "Theo", "Jack", "Charlie", "Freddie", "Alfie", "Jacob", "Ethan", "Isaac", "Yusuf", "Reuben",
  "Samuel", "Joshua", "Kai", "Ibrahim", "Rory", "Finley", "Adam", "Luca", "Dylan", "Toby",
];

export const SURNAMES: readonly string[] = [
  "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel", "Robinson",
  "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall", "Thomas", "Clarke",
  "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper", "Hill", "Ward", "Hughes",
  "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee", "Allen", "Morris", "Khan",
  "Scott", "Watson", "Davis", "Parker", "James", "Bennett", "Young", "Phillips", "Begum", "Ali",
];
