import { startConsole } from "./app/start.tsx";
import "./styles.css";

void startConsole(document.getElementById("root")!);
