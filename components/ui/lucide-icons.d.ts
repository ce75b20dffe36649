// Lucide's icons, one module each (components/ui/icon.tsx draws them): the package types only its index.
declare module "lucide/dist/esm/icons/*.mjs" {
  import type { IconNode } from "lucide";
  const icon: IconNode;
  export default icon;
}
