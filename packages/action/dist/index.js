export const PACKAGE = 'action';
//# sourceMappingURL=index.js.map