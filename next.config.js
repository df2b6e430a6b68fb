/** @type {import('next').NextConfig} */
const nextConfig = {
  // One copy of yjs for the whole process (the tsx-loaded server and Next's server bundle share it).
  serverExternalPackages: ["yjs", "y-protocols", "lib0"],
  reactStrictMode: true,
  poweredByHeader: false,
};
export default nextConfig;
