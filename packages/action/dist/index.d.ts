export declare const PACKAGE = "action";
