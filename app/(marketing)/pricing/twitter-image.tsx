// The Twitter (X) card shows the same image as Open Graph.
export { default, alt, size, contentType } from "./opengraph-image";
