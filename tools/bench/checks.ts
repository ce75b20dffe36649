// A PASS/FAIL verdict. Any failing check makes the bench exit 1 (after cleanup).
export type Check = { section: string; name: string; pass: boolean; detail: string };

export function check(section: string, name: string, pass: boolean, detail: string): Check {
  return { section, name, pass, detail };
}
