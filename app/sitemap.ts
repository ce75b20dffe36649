import type { MetadataRoute } from "next";
import { sitemapFile } from "@/lib/seo";

export default function sitemap(): MetadataRoute.Sitemap {
  return sitemapFile();
}
